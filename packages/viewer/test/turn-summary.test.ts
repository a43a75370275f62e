// Turn summaries: spans of one trace in several batches, children before the root, rollups not
// counted twice, errors and the first agent name.
import {
  ATTR_AGENTSPAN_COST_USD,
  ATTR_AGENTSPAN_ERROR_CATEGORY,
  ATTR_AGENTSPAN_LLM_CALLS,
  ATTR_AGENTSPAN_TOOL_CALLS,
  ATTR_AGENTSPAN_USAGE_INPUT_TOKENS,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_USER_ID,
} from '@agentspan/semconv';
import { afterEach, describe, expect, it } from 'vitest';
import type { TurnDetail, TurnList, Viewer } from '../src/index.js';
import { type SpanSpec, otlpRequest, spanId, traceId } from './support/otlp-json.js';
import { getJson, postTraces, startTestViewer } from './support/viewer.js';

let viewer: Viewer | undefined;

afterEach(async () => {
  await viewer?.close();
  viewer = undefined;
});

const T0 = Date.now() - 60_000;

/** An HTTP request with an agent and two chat calls; the server span and agent carry rollups. */
function requestTurn(trace: string): { server: SpanSpec; agent: SpanSpec; chats: SpanSpec[] } {
  const serverId = spanId();
  const agentId = spanId();
  const ids = { [ATTR_GEN_AI_CONVERSATION_ID]: 'conv-9', [ATTR_USER_ID]: 'user-3' };
  const chat = (n: number, input: number, output: number, cost: number): SpanSpec => ({
    traceId: trace,
    parentSpanId: agentId,
    name: 'chat gpt-4o-mini',
    kind: 3,
    startMs: T0 + 10 * n,
    durationMs: 5,
    attributes: {
      ...ids,
      [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
      [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
      [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
      [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: input,
      [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: output,
      [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 8,
      [ATTR_AGENTSPAN_COST_USD]: cost,
    },
  });
  return {
    server: {
      traceId: trace,
      spanId: serverId,
      name: 'POST /chat',
      kind: 2,
      startMs: T0,
      durationMs: 100,
      attributes: {
        ...ids,
        [ATTR_AGENTSPAN_USAGE_INPUT_TOKENS]: 300,
        [ATTR_AGENTSPAN_COST_USD]: 0.5,
        [ATTR_AGENTSPAN_LLM_CALLS]: 2,
        [ATTR_AGENTSPAN_TOOL_CALLS]: 0,
      },
    },
    agent: {
      traceId: trace,
      spanId: agentId,
      parentSpanId: serverId,
      name: 'invoke_agent helper',
      startMs: T0 + 1,
      durationMs: 90,
      attributes: {
        ...ids,
        [ATTR_GEN_AI_OPERATION_NAME]: 'invoke_agent',
        [ATTR_GEN_AI_AGENT_NAME]: 'helper',
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 300,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 30,
        [ATTR_AGENTSPAN_COST_USD]: 0.5,
        [ATTR_AGENTSPAN_LLM_CALLS]: 2,
      },
    },
    chats: [chat(1, 100, 10, 0.2), chat(2, 200, 20, 0.3)],
  };
}

describe('turn summary', () => {
  it('children first, root in a later batch: one correct turn', async () => {
    viewer = await startTestViewer();
    const trace = traceId();
    const { server, agent, chats } = requestTurn(trace);
    expect((await postTraces(viewer, otlpRequest(chats))).status).toBe(200);

    let list = await getJson<TurnList>(viewer, '/api/turns');
    expect(list.total).toBe(1);
    // Until the root arrives, the earliest span stands in for it.
    expect(list.turns[0]).toMatchObject({ rootName: 'chat gpt-4o-mini', spanCount: 2, agentName: null, status: 'unset' });

    expect((await postTraces(viewer, otlpRequest([agent, server]))).status).toBe(200);
    list = await getJson<TurnList>(viewer, '/api/turns');
    expect(list.total).toBe(1);
    expect(list.turns[0]).toEqual({
      traceId: trace,
      rootSpanId: server.spanId,
      rootName: 'POST /chat',
      agentName: 'helper',
      conversationId: 'conv-9',
      userId: 'user-3',
      serviceName: 'viewer-test',
      framework: null,
      startTimeMs: T0,
      durationMs: 100,
      inputTokens: 300,
      outputTokens: 30,
      cachedInputTokens: 16,
      reasoningTokens: 0,
      costUsd: 0.5,
      unpricedCalls: 0,
      ttftMs: null,
      status: 'unset',
      hasError: false,
      errorType: null,
      errorCategory: null,
      models: ['gpt-4o-mini'],
      spanCount: 4,
    });
    const detail = await getJson<TurnDetail>(viewer, `/api/turns/${trace}`);
    expect(detail.spans.map((s) => s.name)).toEqual(['POST /chat', 'invoke_agent helper', 'chat gpt-4o-mini', 'chat gpt-4o-mini']);
    expect(detail.spans.map((s) => s.kind)).toEqual(['server', 'internal', 'client', 'client']);
  });

  it('errors: root status, the has-error flag and the earliest failing span’s classification', async () => {
    viewer = await startTestViewer();
    const trace = traceId();
    const { server, agent, chats } = requestTurn(trace);
    const failing = (s: SpanSpec, type: string, category: string): SpanSpec => ({
      ...s,
      status: { code: 2, message: 'boom' },
      attributes: { ...s.attributes, [ATTR_ERROR_TYPE]: type, [ATTR_AGENTSPAN_ERROR_CATEGORY]: category },
    });
    const spans = [server, failing(agent, 'RateLimitError', 'rate_limit'), failing(chats[0] as SpanSpec, 'Inner', 'timeout')];
    expect((await postTraces(viewer, otlpRequest(spans))).status).toBe(200);
    const [turn] = (await getJson<TurnList>(viewer, '/api/turns')).turns;
    expect(turn).toMatchObject({ status: 'unset', hasError: true, errorType: 'RateLimitError', errorCategory: 'rate_limit' });
    const detail = await getJson<TurnDetail>(viewer, `/api/turns/${trace}`);
    expect(detail.spans[1]?.status).toEqual({ code: 'error', message: 'boom' });
    expect(detail.spans[0]?.status).toEqual({ code: 'unset' });
  });

  it('cost is null when no call reported one, and unknown trace ids are 404', async () => {
    viewer = await startTestViewer();
    const trace = traceId();
    await postTraces(viewer, otlpRequest([{ traceId: trace, name: 'GET /health', kind: 2, startMs: T0 }]));
    const [turn] = (await getJson<TurnList>(viewer, '/api/turns')).turns;
    expect(turn).toMatchObject({ costUsd: null, inputTokens: 0, models: [], agentName: null, rootName: 'GET /health' });
    const missing = await fetch(`${viewer.url}/api/turns/${traceId()}`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'unknown trace id' });
    expect((await fetch(`${viewer.url}/api/turns/not-an-id`)).status).toBe(404);
  });
});
