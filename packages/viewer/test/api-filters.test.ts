// GET /api/turns filters and paging, /api/totals and /api/facets.
import {
  ATTR_AGENTSPAN_COST_USD,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_USER_ID,
} from '@agentspan/semconv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Facets, Totals, TurnList, Viewer } from '../src/index.js';
import { otlpRequest, type SpanSpec, spanId, traceId } from './support/otlp-json.js';
import { field, getJson, postTraces, startTestViewer } from './support/viewer.js';

let viewer: Viewer;
const T0 = Date.UTC(2026, 0, 1);

interface TurnSpec {
  at: number;
  agent: string;
  conversation: string;
  user: string;
  model: string;
  provider: string;
  failed?: boolean;
}

const TURNS: TurnSpec[] = [
  { at: T0, agent: 'support', conversation: 'c1', user: 'u1', model: 'gpt-4o-mini', provider: 'openai' },
  { at: T0 + 1000, agent: 'support', conversation: 'c1', user: 'u2', model: 'claude-x', provider: 'anthropic', failed: true },
  { at: T0 + 2000, agent: 'billing', conversation: 'c2', user: 'u1', model: 'gpt-4o-mini', provider: 'openai' },
  { at: T0 + 3000, agent: 'billing', conversation: 'c3', user: 'u3', model: 'gpt-4o-mini', provider: 'openai' },
];
const ids: string[] = [];

function spans(t: TurnSpec): SpanSpec[] {
  const trace = traceId();
  ids.push(trace);
  const agentId = spanId();
  const common = { [ATTR_GEN_AI_CONVERSATION_ID]: t.conversation, [ATTR_USER_ID]: t.user };
  return [
    {
      traceId: trace,
      spanId: agentId,
      name: `invoke_agent ${t.agent}`,
      startMs: t.at,
      durationMs: 50,
      attributes: { ...common, [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent', [ATTR_GEN_AI_AGENT_NAME]: t.agent },
    },
    {
      traceId: trace,
      parentSpanId: agentId,
      name: `chat ${t.model}`,
      kind: 3,
      startMs: t.at + 1,
      durationMs: 20,
      ...(t.failed === true && { status: { code: 2 } }),
      attributes: {
        ...common,
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_PROVIDER_NAME]: t.provider,
        [ATTR_GEN_AI_REQUEST_MODEL]: t.model,
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 100,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 10,
        [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 4,
        [ATTR_AGENTSPAN_COST_USD]: 0.001,
      },
    },
  ];
}

beforeAll(async () => {
  viewer = await startTestViewer({ maxAgeMs: 100 * 365 * 86_400_000 });
  const res = await postTraces(viewer, otlpRequest(TURNS.flatMap(spans)));
  expect(res.status).toBe(200);
});

afterAll(async () => {
  await viewer.close();
});

async function traces(query: string): Promise<string[]> {
  const list = await getJson<TurnList>(viewer, `/api/turns${query}`);
  return list.turns.map((t) => t.traceId);
}

describe('GET /api/turns', () => {
  it('lists newest first with the total', async () => {
    const list = await getJson<TurnList>(viewer, '/api/turns');
    expect(list.total).toBe(4);
    expect(list.turns.map((t) => t.traceId)).toEqual([...ids].reverse());
  });

  it('filters by agent, conversation, user, model, errors and time', async () => {
    expect(await traces('?agent=support')).toEqual([ids[1], ids[0]]);
    expect(await traces('?conversation=c1')).toEqual([ids[1], ids[0]]);
    expect(await traces('?user=u1')).toEqual([ids[2], ids[0]]);
    expect(await traces('?model=claude-x')).toEqual([ids[1]]);
    expect(await traces('?model=gpt-4o-mini&agent=billing')).toEqual([ids[3], ids[2]]);
    expect(await traces('?errors=1')).toEqual([ids[1]]);
    expect(await traces(`?from=${T0 + 1000}&to=${T0 + 2000}`)).toEqual([ids[2], ids[1]]);
    expect(await traces(`?from=${new Date(T0 + 2500).toISOString()}`)).toEqual([ids[3]]);
    expect(await traces('?agent=nobody')).toEqual([]);
  });

  it('pages with limit and offset; total counts every match', async () => {
    const page = await getJson<TurnList>(viewer, '/api/turns?limit=2&offset=1');
    expect(page.total).toBe(4);
    expect(page.turns.map((t) => t.traceId)).toEqual([ids[2], ids[1]]);
  });

  it('answers 400 to bad parameters', async () => {
    for (const q of ['limit=0', 'limit=10001', 'limit=abc', 'offset=-1', 'from=yesterday']) {
      const res = await fetch(`${viewer.url}/api/turns?${q}`);
      expect(res.status, q).toBe(400);
      expect(await field(res, 'error')).toBeTypeOf('string');
    }
    expect((await fetch(`${viewer.url}/api/turns?limit=10000`)).status).toBe(200);
    expect((await fetch(`${viewer.url}/api/nothing`)).status).toBe(404);
    expect((await fetch(`${viewer.url}/api/turns`, { method: 'DELETE' })).status).toBe(405);
  });
});

describe('GET /api/totals and /api/facets', () => {
  it('sums per model and per agent, within a time range', async () => {
    const all = await getJson<Totals>(viewer, '/api/totals');
    expect(all.byModel).toEqual([
      { model: 'gpt-4o-mini', provider: 'openai', calls: 3, inputTokens: 300, outputTokens: 30, cachedInputTokens: 0, reasoningTokens: 12, costUsd: 0.003, unpricedCalls: 0 },
      { model: 'claude-x', provider: 'anthropic', calls: 1, inputTokens: 100, outputTokens: 10, cachedInputTokens: 0, reasoningTokens: 4, costUsd: 0.001, unpricedCalls: 0 },
    ]);
    expect(all.byAgent).toEqual([
      { agentName: 'billing', turns: 2, inputTokens: 200, outputTokens: 20, costUsd: 0.002, unpricedCalls: 0, errors: 0 },
      { agentName: 'support', turns: 2, inputTokens: 200, outputTokens: 20, costUsd: 0.002, unpricedCalls: 0, errors: 1 },
    ]);
    const late = await getJson<Totals>(viewer, `/api/totals?from=${T0 + 2000}`);
    expect(late.byModel.map((m) => [m.model, m.calls])).toEqual([['gpt-4o-mini', 2]]);
    expect(late.byAgent.map((a) => [a.agentName, a.turns])).toEqual([['billing', 2]]);
  });

  it('lists the filter values, most recent first', async () => {
    expect(await getJson<Facets>(viewer, '/api/facets')).toEqual({
      agents: ['billing', 'support'],
      models: ['gpt-4o-mini', 'claude-x'],
      conversations: ['c3', 'c2', 'c1'],
      users: ['u3', 'u1', 'u2'],
      services: ['viewer-test'],
      frameworks: [],
      errorCategories: [],
      prompts: [],
      evaluations: [],
    });
  });
});
