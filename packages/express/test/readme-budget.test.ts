// The README's cost budget snippets, run as written (PORT=0), then asked over HTTP.
import { fileURLToPath } from 'node:url';
import { readmeSnippets, request, runSnippet } from '@agentspan/testing-http';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('.', import.meta.url));
const snippets = readmeSnippets(fileURLToPath(new URL('../README.md', import.meta.url)), '## Cost budget (opt-in)');

describe('README, "Cost budget"', () => {
  it('has the two snippets this test runs', () => {
    expect(snippets).toHaveLength(2);
  });

  it('the budget by its options: a keyed request is admitted', async () => {
    const { ports, cleanup } = await runSnippet(snippets[0]!, dir, 'budget-options');
    try {
      expect(await request(ports[0]!, '/hello', { 'x-user-id': 'user-7' })).toEqual({ status: 200, body: 'hello' });
    } finally {
      cleanup();
    }
  });

  it('a CostBudget: its tracked keys count the request in flight', async () => {
    const { ports, cleanup } = await runSnippet(snippets[1]!, dir, 'budget-instance');
    try {
      const keyed = await request(ports[0]!, '/hello', { 'x-user-id': 'user-7' });
      expect(JSON.parse(keyed.body)).toEqual({ inFlight: 1, overLimit: 0 });
      const anonymous = await request(ports[0]!, '/hello');
      expect(JSON.parse(anonymous.body)).toEqual({ inFlight: 0, overLimit: 0 });
    } finally {
      cleanup();
    }
  });
});
