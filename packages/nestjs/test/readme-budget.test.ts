// The README's budget snippet, run as written (PORT=0), then asked over HTTP.
import { fileURLToPath } from 'node:url';
import { readmeSnippets, request, runSnippet } from '@agentspan/testing-http';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('.', import.meta.url));
const snippets = readmeSnippets(fileURLToPath(new URL('../README.md', import.meta.url)), '## Budget');

describe('README, "Budget"', () => {
  it('the module with a budget: a keyed request is admitted, @SkipBudget routes pass', async () => {
    expect(snippets).toHaveLength(1);
    const { ports, cleanup } = await runSnippet(snippets[0]!, dir, 'budget');
    try {
      expect(await request(ports[0]!, '/chat', { 'x-user-id': 'user-7' })).toMatchObject({ status: 200 });
      expect(await request(ports[0]!, '/health', { 'x-user-id': 'user-7' })).toEqual({ status: 200, body: 'ok' });
    } finally {
      cleanup();
    }
  });
});
