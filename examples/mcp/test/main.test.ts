// main.ts as a user runs it: bundled (with the order service beside it, as in dist/) and
// started with node. The client's tree and the server's spans make one tree: the MCP client
// span under the application's tool span, the server's spans under it. Over stdio (the
// default) and over Streamable HTTP (MCP_URL), offline and with the real OpenAI API shape.
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { S1 } from '@agentspan/conformance';
import { printedOutline, startFakeOpenAI } from '@agentspan/example-kit/testing';
import { beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = 'node_modules/.cache/agentspan-main-test';

async function run(env: Record<string, string> = {}): Promise<string> {
  const { OPENAI_API_KEY, OPENAI_BASE_URL, OTEL_EXPORTER_OTLP_ENDPOINT, MCP_URL, ...base } = process.env;
  const { stdout } = await exec(process.execPath, [`${ROOT}/${OUT_DIR}/main.js`], { env: { ...base, ...env }, timeout: 60_000 });
  return stdout;
}

const TREE = [
  'invoke_agent support-agent',
  '  chat gpt-4o-mini',
  '  execute_tool lookup_order',
  '    tools/call lookup_order',
  '      tools/call lookup_order',
  '        execute_tool lookup_order',
  '  chat gpt-4o-mini',
];

describe('main.ts', () => {
  beforeAll(async () => {
    const args = ['exec', 'tsup', 'src/main.ts', 'src/order-server.ts', '--format', 'esm', '--target', 'node22', '--out-dir', OUT_DIR, '--silent'];
    await exec('pnpm', args, { cwd: ROOT });
  }, 120_000);

  it('offline, over stdio: the answer, then one tree across both processes', { timeout: 60_000 }, async () => {
    const out = await run();
    expect(out).toContain(`> ${S1.userMessage}\n< ${S1.chat2.text}\n`);
    expect(printedOutline(out, 'invoke_agent ', 5)).toEqual(TREE);
    expect(out).toMatch(/tools\/call lookup_order {2}MCP client \(pipe\)/);
    expect(out).toMatch(/tools\/call lookup_order {2}MCP server \(pipe\)/);
  });

  it('with OPENAI_API_KEY: the real API shape (a local compatible server), the same tree', { timeout: 60_000 }, async () => {
    const openai = await startFakeOpenAI(S1);
    try {
      const out = await run({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: openai.baseURL });
      expect(out).toContain(`< ${S1.chat2.text}\n`);
      expect(printedOutline(out, 'invoke_agent ', 5)).toEqual(TREE);
      expect(openai.requests).toBe(2);
    } finally {
      await openai.close();
    }
  });

  it('over Streamable HTTP (MCP_URL): the MCP client span over tcp under the tool span', { timeout: 60_000 }, async () => {
    const server = spawn(process.execPath, [`${ROOT}/${OUT_DIR}/order-server.js`, '--http', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          const m = /(http:\/\/\S+\/mcp)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
      });
      const out = await run({ MCP_URL: url });
      expect(out).toContain(`< ${S1.chat2.text}\n`);
      // This process did not start the server: its spans go to the server's own exporter.
      expect(printedOutline(out, 'invoke_agent ', 5)).toEqual(TREE.slice(0, 4).concat(TREE.slice(6)));
      expect(out).toMatch(/tools\/call lookup_order {2}MCP client \(tcp\)/);
    } finally {
      server.kill('SIGTERM');
    }
  });
});
