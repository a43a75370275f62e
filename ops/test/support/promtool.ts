// Runs promtool and returns its exit status with everything it printed.
import { spawnSync } from 'node:child_process';
import { requireProgram } from './system-programs.js';

export interface PromtoolRun {
  status: number | null;
  output: string;
}

export function promtool(args: readonly string[], cwd?: string): PromtoolRun {
  const run = spawnSync(requireProgram('promtool'), args, { cwd, encoding: 'utf8' });
  if (run.error) throw run.error;
  return { status: run.status, output: `$ promtool ${args.join(' ')}\n${run.stdout}${run.stderr}` };
}
