// The built demo, run the way `pnpm run demo` runs it: a child process, exit 0, a progress
// line per step, the five frameworks' trees within 160 columns, and the verdict line; with
// OTEL_EXPORTER_OTLP_ENDPOINT set, the spans also reach that collector (here a local server);
// without it, they reach the viewer the demo starts.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('the demo', () => {
  it('runs S1 through the five frameworks and says the trees are identical', async () => {
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
    for (const title of ['LangChain', 'AI SDK', 'LlamaIndex', 'Express', 'Nest']) {
      expect(stdout).toMatch(new RegExp(`\\[\\d/6\\] ${title} … running S1\\n`));
      expect(stdout).toMatch(new RegExp(`${title} · TTFT \\d+\\.\\dms`));
    }
    expect(stdout).toContain('✔ identical: all 6 turns give the canonical S1 tree.');
    const trees = stdout.slice(stdout.indexOf('done\n'), stdout.indexOf('✔'));
    expect(trees.split('\n').every((line) => line.length <= 160)).toBe(true);
    expect(trees.match(/invoke_agent support-agent {2}932→88 \$0\.0001830/g)).toHaveLength(6);
    expect(stdout).toContain('✔ one trace: the S1 tree, the MCP client, server and tool spans under execute_tool lookup_order.');
  });

  it('without a collector, sends the turns to the viewer it starts and says where to open it', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
    const { stdout } = await promisify(execFile)(process.execPath, [main, '--exit'], { timeout: 110_000, env });
    expect(stdout).toContain('✔ identical: all 6 turns give the canonical S1 tree.');
    // Six producers, each running S1 and its streamed twin S4; the MCP turn, and its client's initialize.
    expect(stdout).toMatch(/viewer: 14 turns received; open http:\/\/127\.0\.0\.1:\d+ to see them/);
  });
});
