// The built demo, run the way `pnpm run demo` runs it: a child process, exit 0, a progress
// line per step, the six frameworks' trees within 160 columns, and the verdict line; with
// OTEL_EXPORTER_OTLP_ENDPOINT set, the spans also reach that collector (here a local server);
// without it, they reach the viewer the demo starts.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('the demo', () => {
  it('runs S1 through the six frameworks and says the trees are identical', async () => {
    expect(existsSync(main), 'build the demo first (pnpm turbo run build --filter=@agentspan/demo...)').toBe(true);
    const received: string[] = [];
    const collector = createServer((req, res) => {
      req.resume().on('end', () => {
        received.push(req.url ?? '');
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const { stdout } = await promisify(execFile)(process.execPath, [main], {
      timeout: 110_000,
      env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
    }).finally(() => collector.close());
    expect(received).toContain('/v1/traces');
    for (const title of ['LangChain', 'AI SDK', 'LlamaIndex', 'OpenAI Agents', 'Express', 'Nest']) {
      expect(stdout).toMatch(new RegExp(`\\[\\d/7\\] ${title} … running S1\\n`));
      expect(stdout).toMatch(new RegExp(`${title} · TTFT \\d+\\.\\dms`));
    }
    expect(stdout).toContain('✔ identical: all 7 turns give the canonical S1 tree.');
    const trees = stdout.slice(stdout.indexOf('done\n'), stdout.indexOf('✔'));
    expect(trees.split('\n').every((line) => line.length <= 160)).toBe(true);
    expect(trees.match(/invoke_agent support-agent {2}932→88 \$0\.0001830/g)).toHaveLength(7);
  });

  it('without a collector, ends in a live viewer (off a terminal too) holding the turns in a file, until Ctrl-C', async () => {
    // A database of the test's own, not the demo's file in the repository.
    const db = join(mkdtempSync(join(tmpdir(), 'agentspan-demo-')), 'demo.db');
    const env: NodeJS.ProcessEnv = { ...process.env, AGENTSPAN_DEMO_DB: db };
    delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
    const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await vi.waitFor(() => expect(stdout).toContain('Ctrl-C to stop'), { timeout: 110_000, interval: 200 });
    expect(stdout).toContain('✔ identical: all 7 turns give the canonical S1 tree.');
    // Seven producers, each running S1 and its streamed twin S4.
    const url = /viewer: 14 turns received; open (http:\/\/127\.0\.0\.1:\d+) to see them/.exec(stdout)?.[1];
    expect(url, stdout).toBeDefined();
    expect(stdout).toContain(`--db ${relative(ROOT, db)}\` opens them again later.`);
    // The process is still up, and so is its viewer, with the turns.
    const live = (await (await fetch(`${url}/api/turns?limit=1`)).json()) as { total: number };
    expect(live.total).toBe(14);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(db)).toBe(true);
  });
});
