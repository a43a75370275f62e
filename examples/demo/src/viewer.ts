// Where the demo's spans go: the user's collector when OTEL_EXPORTER_OTLP_ENDPOINT is set,
// else the agentspan viewer, started on its usual port (or a free one when that is taken) so
// the turns just printed can be opened in a browser right away. The viewer runs in its own
// process: in this one, the HTTP instrumentation the Express and Nest examples install would
// trace the viewer's incoming OTLP requests and feed those spans back into the demo's trees.
// Its turns are kept in a file (DEMO_DB), so that they can be opened again after the demo.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';

const VIEWER_PORT = 4318;
/** The demo's turns, beside the repository's other local state (`.agentspan/` is not committed). */
export const DEMO_DB = process.env.AGENTSPAN_DEMO_DB || join(import.meta.dirname, '..', '..', '..', '.agentspan', 'demo.db');

export interface DemoViewer {
  readonly url: string;
  /** The command that opens these turns again, from the repository's root. */
  readonly reopen: string;
  /** How many turns the viewer received since it started: the demo's proof that the export arrived. */
  turns(): Promise<number>;
  stop(): void;
}

function viewerCli(): string {
  const manifest = createRequire(import.meta.url).resolve('@agentspan/viewer/package.json');
  return join(manifest, '..', 'dist', 'cli.js');
}

function launch(port: number, db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [viewerCli(), '--port', String(port), '--db', db], {
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

export async function startDemoViewer(env: NodeJS.ProcessEnv = process.env, db: string = DEMO_DB): Promise<DemoViewer | undefined> {
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  mkdirSync(dirname(db), { recursive: true });
  const since = Date.now(); // the file keeps earlier runs' turns: count this run's
  const { child, url } = await launch(VIEWER_PORT, db).catch(() => launch(0, db));
  const root = join(import.meta.dirname, '..', '..', '..');
  // The OTLP exporter reads its endpoint from the environment, as any app's would.
  env.OTEL_EXPORTER_OTLP_ENDPOINT = url;
  return {
    url,
    reopen: `node ${relative(root, viewerCli())} --db ${relative(root, db)}`,
    async turns() {
      const body = (await (await fetch(`${url}/api/turns?limit=1&from=${since}`)).json()) as { total?: unknown };
      return typeof body.total === 'number' ? body.total : 0;
    },
    stop: () => void child.kill('SIGTERM'),
  };
}
