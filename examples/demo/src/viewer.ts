// Where the demo's spans go: the user's collector when OTEL_EXPORTER_OTLP_ENDPOINT is set,
// else the agentspan viewer, started on its usual port (or a free one when that is taken) so
// the turns just printed can be opened in a browser right away. The viewer runs in its own
// process: in this one, the HTTP instrumentation the Express and Nest examples install would
// trace the viewer's incoming OTLP requests and feed those spans back into the demo's trees.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const VIEWER_PORT = 4318;

export interface DemoViewer {
  readonly url: string;
  /** How many turns the viewer holds: the demo's proof that the export arrived. */
  turns(): Promise<number>;
  stop(): void;
}

function viewerCli(): string {
  const manifest = createRequire(import.meta.url).resolve('@agentspan/viewer/package.json');
  return join(manifest, '..', 'dist', 'cli.js');
}

function launch(port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [viewerCli(), '--port', String(port), '--db', ':memory:'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`the viewer exited (${code}): ${stderr.split('\n')[0]}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const url = /https?:\/\/\S+/.exec(line)?.[0];
      if (url) resolve({ child, url });
      else reject(new Error(`unexpected first line from the viewer: ${line}`));
    });
  });
}

export async function startDemoViewer(env: NodeJS.ProcessEnv = process.env): Promise<DemoViewer | undefined> {
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  const { child, url } = await launch(VIEWER_PORT).catch(() => launch(0));
  // The OTLP exporter reads its endpoint from the environment, as any app's would.
  env.OTEL_EXPORTER_OTLP_ENDPOINT = url;
  return {
    url,
    async turns() {
      const body = (await (await fetch(`${url}/api/turns?limit=1`)).json()) as { total?: unknown };
      return typeof body.total === 'number' ? body.total : 0;
    },
    stop: () => void child.kill('SIGTERM'),
  };
}
