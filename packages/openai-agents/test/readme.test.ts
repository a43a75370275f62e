// The README's quick start, run as a user runs it: the code block written to a file of its
// own and started with node, OPENAI_API_KEY and OPENAI_BASE_URL pointing at a local
// OpenAI-compatible server (Chat Completions: a preload selects that API, and gives OpenAI's
// trace exporter no key, as nothing may leave the machine in CI).
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { S1 } from '@agentspan/conformance';
import { startFakeOpenAI } from '@agentspan/example-kit/testing';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = `${root}test-artifacts/readme`;

function quickStart(): string {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('no quick start code block in the README');
  return match[1];
}

it('the quick start prints the turn\'s spans and the answer', { timeout: 60_000 }, async () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/quickstart.mts`, quickStart());
  writeFileSync(
    `${dir}/preload.mjs`,
    "import { setOpenAIAPI, setTracingExportApiKey } from '@openai/agents';\nsetOpenAIAPI('chat_completions');\nsetTracingExportApiKey('');\n",
  );
  const server = await startFakeOpenAI(S1);
  try {
    const { NODE_ENV, ...env } = process.env;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', `${dir}/preload.mjs`, `${dir}/quickstart.mts`], {
      cwd: root,
      env: { ...env, OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: server.baseURL },
      timeout: 50_000,
    });
    expect(server.requests).toBe(2);
    for (const name of ['invoke_agent support-agent', 'chat gpt-4o-mini', 'execute_tool lookup_order']) {
      expect(stdout).toContain(`name: '${name}'`);
    }
    expect(stdout).toContain("'gen_ai.conversation.id': 'conv-42'");
    expect(stdout.trimEnd().endsWith(S1.chat2.text)).toBe(true);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
