// An S1 turn sent by the real OTLP exporters (JSON, protobuf, gzip) becomes one correct turn.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TurnDetail, TurnList, Viewer } from '../src/index.js';
import { type ExporterKind, exportSpans, makeS1Spans } from './support/s1-spans.js';
import { getJson, startTestViewer } from './support/viewer.js';

let s1: ReadableSpan[];
let viewer: Viewer | undefined;

beforeAll(async () => {
  s1 = await makeS1Spans();
});

afterEach(async () => {
  await viewer?.close();
  viewer = undefined;
});

const S1_ORDER = [
  ['invoke_agent support-agent', 'internal'],
  ['search_memory', 'client'],
  ['retrieval kb-policies', 'client'],
  ['chat gpt-4o-mini', 'client'],
  ['execute_tool lookup_order', 'internal'],
  ['chat gpt-4o-mini', 'client'],
  ['upsert_memory', 'client'],
] as const;

async function checkS1(v: Viewer): Promise<void> {
  const list = await getJson<TurnList>(v, '/api/turns');
  expect(list.total).toBe(1);
  const [turn] = list.turns;
  expect(turn).toMatchObject({
    agentName: 'support-agent',
    conversationId: 'conv-42',
    userId: 'user-7',
    rootName: 'invoke_agent support-agent',
    inputTokens: 932,
    outputTokens: 88,
    cachedInputTokens: 128,
    reasoningTokens: 16,
    costUsd: 0.000183,
    status: 'unset',
    hasError: false,
    errorType: null,
    errorCategory: null,
    models: ['gpt-4o-mini'],
    spanCount: 7,
  });
  const root = s1.find((s) => s.parentSpanContext === undefined);
  expect(turn?.traceId).toBe(root?.spanContext().traceId);
  expect(turn?.rootSpanId).toBe(root?.spanContext().spanId);
  expect(turn?.durationMs).toBeGreaterThan(0);

  const detail = await getJson<TurnDetail>(v, `/api/turns/${turn?.traceId}`);
  expect(detail.turn).toEqual(turn);
  // The spec's tree, in tree order: the agent span first, its six children by start time.
  expect(detail.spans.map((s) => [s.name, s.kind])).toEqual(S1_ORDER.map(([name, kind]) => [name, kind]));
  const rootId = detail.spans[0]?.spanId;
  expect(detail.spans[0]?.parentSpanId).toBeNull();
  for (const span of detail.spans.slice(1)) expect(span.parentSpanId).toBe(rootId);
  const starts = detail.spans.map((s) => s.startTimeMs);
  expect(starts).toEqual([...starts].sort((a, b) => a - b));
  // Every span as exported: ids, parents, attributes with their types.
  for (const sent of s1) {
    const got = detail.spans.find((s) => s.spanId === sent.spanContext().spanId);
    expect(got?.parentSpanId).toBe(sent.parentSpanContext?.spanId ?? null);
    expect(got?.attributes).toEqual(sent.attributes);
    expect(got?.scope.name).toBe(sent.instrumentationScope.name);
    expect(got?.resource['service.name']).toBe(sent.resource.attributes['service.name']);
  }
  const chat = detail.spans.find((s) => s.name.startsWith('chat'));
  expect(chat?.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
  expect(chat?.endTimeMs).toBeGreaterThan(chat?.startTimeMs ?? Number.POSITIVE_INFINITY);
}

describe.each<[ExporterKind, boolean]>([
  ['json', false],
  ['protobuf', false],
  ['json', true],
  ['protobuf', true],
])('the real %s exporter (gzip %s)', (kind, gzip) => {
  it('stores an S1 turn with its seven spans, tokens and cost', async () => {
    viewer = await startTestViewer();
    await exportSpans(viewer.url, s1, kind, { gzip });
    await checkS1(viewer);
  });
});

describe('exporter retries', () => {
  it('stores a span sent twice once (no double counting)', async () => {
    viewer = await startTestViewer();
    await exportSpans(viewer.url, s1, 'json');
    await exportSpans(viewer.url, s1, 'protobuf');
    await checkS1(viewer);
  });
});
