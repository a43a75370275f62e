// The list's server-side sort, numeric ranges and search; conversations; trends; unknown cost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation, Totals, Trends, TurnList, Viewer } from '../src/index.js';
import { otlpRequest } from './support/otlp-json.js';
import { buildTurn, type BuiltTurn, type TurnSpec } from './support/turns.js';
import { getJson, postTraces, startTestViewer } from './support/viewer.js';

let viewer: Viewer;
const T0 = Date.UTC(2026, 0, 1, 12);
const MIN = 60_000;

// Durations, costs and TTFTs chosen so that every sort has one right order.
const SPECS: Record<string, TurnSpec & { service?: string }> = {
  fast: { at: T0, durationMs: 120, agent: 'support', conversation: 'conv-a', user: 'u1', costUsd: 0.002, ttftS: 0.05, inputTokens: 300, outputTokens: 30, question: 'Where is my parcel?', answer: 'It ships tomorrow.', tool: { name: 'lookup_order', arguments: '{"id":42}', result: '{"status":"packed"}' }, framework: 'langchain' },
  slow: { at: T0 + MIN, durationMs: 4200, agent: 'support', conversation: 'conv-a', user: 'u1', costUsd: 0.0005, ttftS: 0.9, inputTokens: 50, outputTokens: 5, question: 'And the refund for the blue jacket?', answer: 'The refund is on its way.', framework: 'langchain' },
  unpriced: { at: T0 + 2 * MIN, durationMs: 800, agent: 'billing', conversation: 'conv-b', user: 'u2', costUsd: null, model: 'local-llama', inputTokens: 900, outputTokens: 90, question: '配送先を変更したい', service: 'billing-svc', framework: 'ai-sdk' },
  limited: { at: T0 + 3 * MIN, durationMs: 300, agent: 'billing', conversation: 'conv-b', user: 'u3', costUsd: 0.01, failed: 'rate_limit', question: 'rate_limit test', service: 'billing-svc', framework: 'ai-sdk' },
  timeout: { at: T0 + 4 * MIN, durationMs: 2500, agent: 'support', conversation: 'conv-c', user: 'u3', costUsd: 0.003, failed: 'timeout', ttftS: 0.3, framework: 'langchain' },
};
const built: Record<string, BuiltTurn> = {};
const nameOf = new Map<string, string>();

beforeAll(async () => {
  viewer = await startTestViewer();
  for (const [name, spec] of Object.entries(SPECS)) {
    built[name] = buildTurn(spec);
    nameOf.set(built[name].traceId, name);
    expect((await postTraces(viewer, otlpRequest(built[name].spans, spec.service ?? 'shop-api'))).status).toBe(200);
  }
});

afterAll(async () => {
  await viewer.close();
});

async function names(query: string): Promise<string[]> {
  const list = await getJson<TurnList>(viewer, `/api/turns?${query}`);
  return list.turns.map((t) => nameOf.get(t.traceId) ?? t.traceId);
}

describe('sorting (server-side)', () => {
  it('by start, newest first by default, oldest first ascending', async () => {
    expect(await names('')).toEqual(['timeout', 'limited', 'unpriced', 'slow', 'fast']);
    expect(await names('sort=start&order=asc')).toEqual(['fast', 'slow', 'unpriced', 'limited', 'timeout']);
  });

  it('by duration, tokens and TTFT (no TTFT last both ways)', async () => {
    expect(await names('sort=duration')).toEqual(['slow', 'timeout', 'unpriced', 'limited', 'fast']);
    expect(await names('sort=duration&order=asc')).toEqual(['fast', 'limited', 'unpriced', 'timeout', 'slow']);
    // Equal values: the newer turn first.
    expect(await names('sort=tokens')).toEqual(['unpriced', 'fast', 'timeout', 'limited', 'slow']);
    expect(await names('sort=ttft')).toEqual(['slow', 'timeout', 'fast', 'limited', 'unpriced']);
    expect((await names('sort=ttft&order=asc')).slice(0, 3)).toEqual(['fast', 'timeout', 'slow']);
  });

  it('by cost: an unknown cost is last in both directions, never $0', async () => {
    expect(await names('sort=cost')).toEqual(['limited', 'timeout', 'fast', 'slow', 'unpriced']);
    expect(await names('sort=cost&order=asc')).toEqual(['slow', 'fast', 'timeout', 'limited', 'unpriced']);
    const list = await getJson<TurnList>(viewer, `/api/turns?sort=cost`);
    expect(list.turns.at(-1)).toMatchObject({ costUsd: null, unpricedCalls: 1 });
  });

  it('by failure: failed turns first, newest first within', async () => {
    expect(await names('sort=error')).toEqual(['timeout', 'limited', 'unpriced', 'slow', 'fast']);
    expect((await names('sort=error&order=asc')).slice(0, 3)).toEqual(['unpriced', 'slow', 'fast']);
  });

  it('pages keep the sort', async () => {
    expect(await names('sort=duration&limit=2&offset=2')).toEqual(['unpriced', 'limited']);
  });
});

describe('filters', () => {
  it('numeric ranges: duration (ms), cost (USD, unknown excluded), tokens, TTFT (ms)', async () => {
    expect(await names('minDuration=1000&sort=duration')).toEqual(['slow', 'timeout']);
    expect(await names('minDuration=300&maxDuration=2500&sort=duration')).toEqual(['timeout', 'unpriced', 'limited']);
    expect(await names('minCost=0.0021&sort=cost')).toEqual(['limited', 'timeout']);
    expect(await names('maxCost=0.001&sort=cost')).toEqual(['slow']);
    expect(await names('minTokens=300&sort=tokens')).toEqual(['unpriced', 'fast']);
    expect(await names('minTtft=200&sort=ttft')).toEqual(['slow', 'timeout']);
    expect((await getJson<TurnList>(viewer, '/api/turns?minDuration=1000')).total).toBe(2);
  });

  it('error category, service and framework', async () => {
    expect(await names('category=rate_limit')).toEqual(['limited']);
    expect(await names('errors=1&category=timeout')).toEqual(['timeout']);
    expect(await names('service=billing-svc')).toEqual(['limited', 'unpriced']);
    expect(await names('framework=langchain&sort=start&order=asc')).toEqual(['fast', 'slow', 'timeout']);
    const [turn] = (await getJson<TurnList>(viewer, '/api/turns?service=billing-svc&limit=1')).turns;
    expect(turn).toMatchObject({ serviceName: 'billing-svc', framework: 'ai-sdk', errorCategory: 'rate_limit' });
  });

  it('answers 400 to a bad sort, order or range', async () => {
    for (const query of ['sort=name', 'order=up', 'minCost=-1', 'minDuration=1s', 'maxTokens=1e3', `q=${'x'.repeat(501)}`]) {
      const res = await fetch(`${viewer.url}/api/turns?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: string }).error, query).toMatch(/must/);
    }
  });
});

describe('search', () => {
  it('finds words in captured messages, span names, tool names and error messages', async () => {
    expect(await names('q=parcel')).toEqual(['fast']);
    expect(await names('q=refund')).toEqual(['slow']);
    expect(await names('q=lookup_order')).toEqual(['fast']);
    expect(await names('q=refused&sort=start&order=asc')).toEqual(['limited', 'timeout']);
    expect(await names('q=packed')).toEqual(['fast']); // a tool's captured result
  });

  it('the last word is a prefix, case and accents are ignored, terms combine across spans', async () => {
    expect(await names('q=PARC')).toEqual(['fast']);
    expect(await names('q=refu&sort=start&order=asc')).toEqual(['slow', 'limited', 'timeout']);
    // "parcel" is in the chat's message, "lookup" in the tool span: both in one turn.
    expect(await names('q=parcel%20lookup')).toEqual(['fast']);
    expect(await names('q=parcel%20refund')).toEqual([]);
    // Words in any order; "quoted words" in a row.
    expect(await names('q=jacket%20blue')).toEqual(['slow']);
    expect(await names(`q=${encodeURIComponent('"blue jacket"')}`)).toEqual(['slow']);
    expect(await names(`q=${encodeURIComponent('"jacket blue"')}`)).toEqual([]);
    // rate_limit is the phrase "rate limit" (the underscore separates words, as in the index).
    expect(await names('q=rate_limit')).toEqual(['limited']);
  });

  it('finds a Japanese word inside a sentence (CJK characters are indexed one by one)', async () => {
    expect(await names(`q=${encodeURIComponent('配送先')}`)).toEqual(['unpriced']);
    expect(await names(`q=${encodeURIComponent('変更')}`)).toEqual(['unpriced']);
    expect(await names(`q=${encodeURIComponent('送先を変')}`)).toEqual(['unpriced']);
  });

  it('combines with filters and sorts, and counts its matches', async () => {
    expect(await names('q=refused&sort=duration')).toEqual(['timeout', 'limited']);
    expect(await names('q=refused&category=timeout')).toEqual(['timeout']);
    const list = await getJson<TurnList>(viewer, '/api/turns?q=invoke_agent&limit=2');
    expect(list.total).toBe(5);
    expect(list.turns).toHaveLength(2);
  });

  it('takes any text: FTS5 syntax in a search is matched as words, never an error', async () => {
    for (const q of ['"', '"unbalanced', 'NEAR(a b)', 'a OR b', '-refund', 'col:refund', '*', '^', '()', 'AND', '\u0000', '💥', "'; DROP TABLE turns; --"]) {
      const res = await fetch(`${viewer.url}/api/turns?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
    }
    expect(await names(`q=${encodeURIComponent('"refund')}`)).toEqual(['slow']);
  });
});

describe('GET /api/conversations/:id', () => {
  it('every turn in order, read as the dialogue, with per-turn and total usage', async () => {
    const conversation = await getJson<Conversation>(viewer, '/api/conversations/conv-a');
    expect(conversation.conversationId).toBe('conv-a');
    expect(conversation.turns.map((t) => nameOf.get(t.turn.traceId))).toEqual(['fast', 'slow']);
    const [first, second] = conversation.turns;
    expect(first).toMatchObject({ userMessage: 'Where is my parcel?', answer: 'It ships tomorrow.', contentCaptured: true });
    expect(first?.tools).toEqual([
      expect.objectContaining({ name: 'lookup_order', status: 'unset', arguments: '{"id":42}', result: '{"status":"packed"}' }),
    ]);
    expect(second).toMatchObject({ userMessage: 'And the refund for the blue jacket?', tools: [] });
    expect(conversation.totals).toEqual({
      turns: 2,
      inputTokens: 350,
      outputTokens: 35,
      costUsd: 0.0025,
      unpricedCalls: 0,
      durationMs: 4320,
      errors: 0,
    });
  });

  it('a failed turn has no answer; unknown cost stays unknown; ids are URL-decoded; unknown is 404', async () => {
    const b = await getJson<Conversation>(viewer, '/api/conversations/conv-b');
    expect(b.turns.map((t) => nameOf.get(t.turn.traceId))).toEqual(['unpriced', 'limited']);
    expect(b.turns[1]).toMatchObject({ answer: null, userMessage: 'rate_limit test' });
    expect(b.totals).toMatchObject({ costUsd: 0.01, unpricedCalls: 1, errors: 1 });
    expect((await fetch(`${viewer.url}/api/conversations/no-such`)).status).toBe(404);
    expect((await fetch(`${viewer.url}/api/conversations/%E0%A4%A`)).status).toBe(404);
  });
});

describe('GET /api/trends', () => {
  it('buckets the range: turns, failures by category, percentiles, tokens and cost', async () => {
    const trends = await getJson<Trends>(viewer, `/api/trends?from=${T0}&to=${T0 + 5 * MIN - 1}&buckets=5`);
    expect(trends.bucketMs).toBe(MIN);
    expect(trends.buckets.map((b) => b.turns)).toEqual([1, 1, 1, 1, 1]);
    expect(trends.buckets.map((b) => b.errors)).toEqual([0, 0, 0, 1, 1]);
    expect(trends.buckets[3]?.errorsByCategory).toEqual({ rate_limit: 1 });
    expect(trends.categories.sort()).toEqual(['rate_limit', 'timeout']);
    expect(trends.buckets.map((b) => b.durationP50Ms)).toEqual([120, 4200, 800, 300, 2500]);
    expect(trends.buckets[0]?.ttftP50Ms).toBeCloseTo(50, 6);
    expect(trends.buckets[2]).toMatchObject({ costUsd: null, inputTokens: 900, outputTokens: 90 });
  });

  it('percentiles per agent (turns) and per model (calls), nearest rank', async () => {
    const trends = await getJson<Trends>(viewer, `/api/trends?from=${T0}&to=${T0 + 10 * MIN}`);
    const support = trends.byAgent.find((a) => a.agentName === 'support');
    // support: 120, 2500, 4200 ms → p50 is the 2nd, p95 the 3rd.
    expect(support).toMatchObject({ turns: 3, errors: 1, durationP50Ms: 2500, durationP95Ms: 4200, inputTokens: 450 });
    const billing = trends.byAgent.find((a) => a.agentName === 'billing');
    expect(billing).toMatchObject({ turns: 2, costUsd: 0.01, durationP50Ms: 300, durationP95Ms: 800 });
    const llama = trends.byModel.find((m) => m.model === 'local-llama');
    expect(llama).toMatchObject({ calls: 1, costUsd: null, durationP50Ms: 400 });
    const gpt = trends.byModel.find((m) => m.model === 'gpt-4o-mini');
    expect(gpt).toMatchObject({ calls: 4, errors: 2, provider: 'openai' });
    // One agent's trends, and its calls per model.
    const billingOnly = await getJson<Trends>(viewer, `/api/trends?from=${T0}&to=${T0 + 10 * MIN}&agent=billing`);
    expect(billingOnly.byAgent.map((a) => a.agentName)).toEqual(['billing']);
    expect(billingOnly.byModel.map((m) => [m.model, m.calls]).sort()).toEqual([['gpt-4o-mini', 1], ['local-llama', 1]]);
  });

  it('answers 400 to bad parameters', async () => {
    expect((await fetch(`${viewer.url}/api/trends?buckets=0`)).status).toBe(400);
    expect((await fetch(`${viewer.url}/api/trends?from=yesterday`)).status).toBe(400);
  });
});

describe('unknown cost', () => {
  it('per model and per agent totals are null (unknown) when no call had a price, never $0', async () => {
    const totals = await getJson<Totals>(viewer, '/api/totals');
    expect(totals.byModel.find((m) => m.model === 'local-llama')).toMatchObject({ costUsd: null, unpricedCalls: 1 });
    expect(totals.byAgent.find((a) => a.agentName === 'billing')).toMatchObject({ costUsd: 0.01, unpricedCalls: 1 });
  });
});
