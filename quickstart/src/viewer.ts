// The viewer the spans go to: @agentspan/viewer installed from its tarball with npm and
// started as a user starts it, with a database file of the suite's.
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type NpmEnv, blankProject, installCommand, npmEnv, npmInstall } from './npm-project.js';
import type { Packed } from './pack.js';
import type { ViewerSpan } from './tree.js';

export interface RunningViewer {
  readonly url: string;
  /** Spans of every turn whose resource carries `attribute=value`. */
  spansWhere(attribute: string, value: string): Promise<ViewerSpan[]>;
  stop(): void;
}

interface TurnList {
  turns: { traceId: string }[];
}
interface TurnDetail {
  spans: (ViewerSpan & { resource: Record<string, unknown> })[];
}

export async function startViewer(dir: string, packed: Packed, env: NpmEnv): Promise<RunningViewer> {
  const commands = [installCommand('npm install @agentspan/viewer', packed, [])];
  blankProject(dir, packed, commands);
  await npmInstall(dir, commands, env);
  const log = openSync(join(dir, 'viewer.log'), 'a');
  const child: ChildProcess = spawn(
    process.execPath,
    [join(dir, 'node_modules/@agentspan/viewer/dist/cli.js'), '--port', '0', '--db', join(dir, 'viewer.db')],
    { env: npmEnv(env), stdio: ['ignore', 'pipe', log] },
  );
  let exited: string | undefined;
  const onExit = (code: number | null, signal: string | null): void => {
    exited = `the viewer exited (code ${code}, signal ${signal}): ${readFileSync(join(dir, 'viewer.log'), 'utf8').slice(-2000)}`;
  };
  child.once('exit', onExit);
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the viewer exited (${code})`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const found = /https?:\/\/\S+/.exec(line)?.[0];
      if (found) resolve(found);
      else reject(new Error(`unexpected first line from the viewer: ${line}`));
    });
  });
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${url}${path}`)).json()) as T;
  return {
    url,
    async spansWhere(attribute, value) {
      if (exited) throw new Error(exited);
      const { turns } = await get<TurnList>('/api/turns?limit=10000');
      const spans: ViewerSpan[] = [];
      for (const turn of turns) {
        const detail = await get<TurnDetail>(`/api/turns/${turn.traceId}`);
        spans.push(...detail.spans.filter((s) => s.resource[attribute] === value));
      }
      return spans;
    },
    stop() {
      child.off('exit', onExit);
      child.kill('SIGTERM');
    },
  };
}
