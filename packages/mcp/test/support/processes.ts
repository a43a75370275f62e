// The order server in a child process, as a user runs one: its source bundled once per test
// run (the SDK, zod and OpenTelemetry left external, so that they resolve from the package
// running the tests: the lowest-version suite runs it on its own SDK), started with node over
// stdio by the SDK's client transport, or over HTTP on a free port.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SPANS_FILE_ENV, SpanFile } from '@agentspan/conformance/runner';

const exec = promisify(execFile);
const FIXTURE = fileURLToPath(new URL('../fixtures/order-server.ts', import.meta.url));
const EXTERNAL = [
  '@modelcontextprotocol/sdk',
  'zod',
  '@opentelemetry/api',
  '@opentelemetry/context-async-hooks',
  '@opentelemetry/core',
  '@opentelemetry/sdk-trace-base',
  '@agentspan/core',
  '@agentspan/semconv',
  '@agentspan/conformance',
];

/** Bundles the fixture into the running package's node_modules/.cache; returns the script's path. */
export async function buildOrderServer(): Promise<string> {
  const outDir = join(process.cwd(), 'node_modules/.cache/agentspan-mcp-fixture');
  const args = ['exec', 'tsup', FIXTURE, '--format', 'esm', '--target', 'node22', '--out-dir', outDir, '--silent'];
  for (const name of EXTERNAL) args.push('--external', name);
  await exec('pnpm', args, { cwd: process.cwd(), timeout: 120_000 });
  return join(outDir, 'order-server.js');
}

export function spanFile(): SpanFile {
  return new SpanFile(join(mkdtempSync(join(tmpdir(), 'agentspan-mcp-')), 'server-spans.jsonl'));
}

/** The stdio server's command, for the SDK's StdioClientTransport. */
export function stdioServer(script: string, spans: SpanFile): { command: string; args: string[]; env: Record<string, string> } {
  return { command: process.execPath, args: [script, '--stdio'], env: { ...cleanEnv(), [SPANS_FILE_ENV]: spans.path } };
}

function cleanEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST')) env[k] = v;
  return env;
}

export interface HttpServer {
  url: URL;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the HTTP server and waits for its port (30 s at most: a loaded CI machine starts node slowly). */
export async function startHttpServer(script: string, spans: SpanFile): Promise<HttpServer> {
  const child = spawn(process.execPath, [script, '--http'], {
    env: { ...cleanEnv(), [SPANS_FILE_ENV]: spans.path },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the MCP server did not start within 30 s')), 30_000);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /LISTENING (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`the MCP server exited with ${code}`)));
  });
  return {
    url: new URL(`http://127.0.0.1:${port}/mcp`),
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
