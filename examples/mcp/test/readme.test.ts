// The code of packages/mcp's README, run as a user runs it: every ```ts block of the README
// must be one of the files in snippets/ (so the README cannot drift from what is run), and
// those files are bundled as `pnpm build` bundles and started with node: the client spawns
// the server snippet over stdio and calls its tool, the AI SDK snippet lists its tools.
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = 'node_modules/.cache/agentspan-readme-snippets';
const snippets = Object.fromEntries(
  readdirSync(`${ROOT}/snippets`).map((file) => [file, readFileSync(`${ROOT}/snippets/${file}`, 'utf8').trim()]),
);

function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
}

async function runSnippet(name: string): Promise<string> {
  const { stdout } = await exec(process.execPath, [`${name}.js`], { cwd: `${ROOT}/${OUT_DIR}`, timeout: 60_000 });
  return stdout;
}

describe('packages/mcp/README.md', () => {
  it('every TypeScript block is a snippet file', () => {
    const blocks = codeBlocks(readFileSync(`${ROOT}/../../packages/mcp/README.md`, 'utf8'));
    expect(blocks.length).toBe(Object.keys(snippets).length);
    for (const block of blocks) expect(Object.values(snippets)).toContain(block);
  });

  describe('the snippets, run', () => {
    beforeAll(async () => {
      const entries = Object.keys(snippets).map((file) => `snippets/${file}`);
      await exec('pnpm', ['exec', 'tsup', ...entries, '--format', 'esm', '--target', 'node22', '--out-dir', OUT_DIR, '--silent'], { cwd: ROOT });
    }, 120_000);

    it('the client calls the server snippet\'s tool over stdio', { timeout: 60_000 }, async () => {
      expect(await runSnippet('client')).toContain(`text: '{"orderId":"42","status":"delivered"}'`);
    });

    it('the AI SDK\'s MCP client, on a traced transport, lists the server snippet\'s tools', { timeout: 60_000 }, async () => {
      expect(await runSnippet('ai-sdk')).toContain(`[ 'lookup_order' ]`);
    });
  });
});
