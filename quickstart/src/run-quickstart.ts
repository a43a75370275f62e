// Runs one quick start's run block in its project, in one module format, and returns what
// the viewer received from it.
import { exec } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toCommonJs } from './commonjs.js';
import { type NpmEnv, npmEnv } from './npm-project.js';
import type { QuickStart } from './snippets.js';
import { type ViewerSpan, renderTrees } from './tree.js';
import type { RunningViewer } from './viewer.js';

const execAsync = promisify(exec);
export type Format = 'esm' | 'cjs';
export const RUN_ATTRIBUTE = 'agentspan.quickstart.run';

/** ESM always; CommonJS too when every file is an ES module a CommonJS user would write as .cjs. */
export function formatsOf(qs: QuickStart): Format[] {
  const code = [...qs.files.keys()].filter((f) => /\.(mjs|cjs|js|ts|mts|cts)$/.test(f));
  return code.length > 0 && code.every((f) => f.endsWith('.mjs')) ? ['esm', 'cjs'] : ['esm'];
}

export function writeFiles(dir: string, qs: QuickStart, format: Format): void {
  for (const [name, text] of qs.files) {
    writeFileSync(join(dir, name), text);
    if (format === 'cjs' && name.endsWith('.mjs')) writeFileSync(join(dir, name.replace(/\.mjs$/, '.cjs')), toCommonJs(text));
  }
}

export function commandFor(command: string, format: Format): string {
  return format === 'cjs' ? command.replace(/(\S+)\.mjs\b/g, '$1.cjs') : command;
}

export interface RunResult {
  output: string;
  trees: string[];
}

export async function runQuickStart(
  dir: string,
  qs: QuickStart,
  format: Format,
  runId: string,
  viewer: RunningViewer,
  env: NpmEnv,
  expectedRoots: number,
): Promise<RunResult> {
  let output = '';
  for (const command of qs.run) {
    const { stdout, stderr } = await execAsync(commandFor(command, format), {
      cwd: dir,
      timeout: 120_000,
      env: { ...npmEnv(env), OTEL_EXPORTER_OTLP_ENDPOINT: viewer.url, OTEL_RESOURCE_ATTRIBUTES: `${RUN_ATTRIBUTE}=${runId}` },
    });
    output += stdout + stderr;
  }
  // The process flushed before it exited; the viewer may still be writing the last batch.
  let spans: ViewerSpan[] = [];
  for (let i = 0; i < 50; i++) {
    spans = await viewer.spansWhere(RUN_ATTRIBUTE, runId);
    if (renderTrees(spans).filter((l) => !l.startsWith(' ')).length >= expectedRoots) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { output, trees: renderTrees(spans) };
}

export function readText(path: string): string {
  return readFileSync(path, 'utf8');
}
