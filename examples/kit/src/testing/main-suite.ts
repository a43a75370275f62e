// The main tests every framework example runs: its main.ts bundled by tsup as `pnpm build`
// bundles it (into node_modules/.cache, so that a concurrent build of dist/ is never disturbed)
// and started with node in a child process, as a user starts it. Offline with no collector
// it prints the answer, then the S1 tree; with OPENAI_API_KEY it calls the provider through
// the real client (here pointed at a local OpenAI-compatible server: tests have no network);
// with OTEL_EXPORTER_OTLP_ENDPOINT it exports instead of printing. HTTP examples (Express,
// Nest) print the request's server span above the turn: pass its name as `serverRoot`.
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { S1, expectedS1 } from '@agentspan/conformance';
import { beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI } from './fake-openai-server.js';

const exec = promisify(execFile);
const OUT_DIR = 'node_modules/.cache/agentspan-main-test';

async function buildMain(example: URL): Promise<string> {
  const cwd = fileURLToPath(example);
  const args = ['exec', 'tsup', 'src/main.ts', '--format', 'esm', '--target', 'node22', '--out-dir', OUT_DIR];
  await exec('pnpm', [...args, '--silent'], { cwd });
  return `${cwd}/${OUT_DIR}/main.js`;
}

async function runMain(mainJs: string, env: Record<string, string> = {}): Promise<string> {
  const { OPENAI_API_KEY, OPENAI_BASE_URL, OTEL_EXPORTER_OTLP_ENDPOINT, ...base } = process.env;
  const { stdout } = await exec(process.execPath, [mainJs], { env: { ...base, ...env }, timeout: 60_000 });
  return stdout;
}

/**
 * The printed tree from its root line down to `depth` levels below it, as outline lines
 * (span names without their figures, two spaces per level).
 */
export function printedOutline(stdout: string, root = 'invoke_agent ', depth = 1): string[] {
  const lines = stdout.split('\n');
  return lines
    .slice(lines.findIndex((l) => l.startsWith(root)))
    .filter((l) => l !== '')
    .map((l) => {
      const prefix = /^[│├└─ ]*/.exec(l)?.[0] ?? '';
      return { level: prefix.length / 3, name: l.slice(prefix.length).split('  ')[0] };
    })
    .filter((l) => l.level <= depth)
    .map((l) => `${'  '.repeat(l.level)}${l.name}`);
}

export interface MainSuiteOptions {
  /** The server span an HTTP example prints above the turn, e.g. `POST /chat`. */
  serverRoot?: string;
}

function s1Outline(serverRoot: string | undefined): string[] {
  const s1 = expectedS1();
  const agent = [s1.name, ...s1.children.map((c) => `  ${c.name}`)];
  return serverRoot ? [serverRoot, ...agent.map((l) => `  ${l}`)] : agent;
}

export function describeMain(example: URL, options: MainSuiteOptions = {}): void {
  const { serverRoot } = options;
  const S1_OUTLINE = s1Outline(serverRoot);
  const outline = (stdout: string) =>
    serverRoot ? printedOutline(stdout, serverRoot, 2) : printedOutline(stdout);
  describe('main.ts', () => {
    let mainJs = '';
    beforeAll(async () => {
      mainJs = await buildMain(example);
    }, 120_000);

    it('offline, no collector: prints the answer, then the S1 tree', { timeout: 60_000 }, async () => {
      const out = await runMain(mainJs);
      expect(out).toContain(`> ${S1.userMessage}\n< ${S1.chat2.text}\n`);
      expect(outline(out)).toEqual(S1_OUTLINE);
    });

    it('with OPENAI_API_KEY: the real provider client makes both model calls; the same tree', { timeout: 60_000 }, async () => {
      const server = await startFakeOpenAI(S1);
      try {
        const out = await runMain(mainJs, { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL });
        expect(server.requests).toBe(2);
        expect(out).toContain(`< ${S1.chat2.text}\n`);
        expect(outline(out)).toEqual(S1_OUTLINE);
      } finally {
        await server.close();
      }
    });

    it('with OTEL_EXPORTER_OTLP_ENDPOINT: traces and metrics go to the collector, no tree is printed', { timeout: 60_000 }, async () => {
      const paths: string[] = [];
      const collector = createServer((req, res) => {
        paths.push(req.url ?? '');
        req.resume().on('end', () => res.end('{}'));
      });
      await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = collector.address() as AddressInfo;
        const out = await runMain(mainJs, { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
        expect(out).toContain(`< ${S1.chat2.text}\n`);
        expect(out).not.toContain('invoke_agent');
        expect(paths.sort()).toEqual(['/v1/metrics', '/v1/traces']);
      } finally {
        collector.close();
      }
    });
  });
}
