// A real Nest app on both HTTP platforms behind instrumentation-http: one SERVER span per
// request with the S1 tree and the rollups, SSE spans ending with the stream, 1,000
// concurrent requests in 1,000 separate correct trees.
import 'reflect-metadata';
import { Agentspan } from '@agentspan/core';
import { FIXTURE_PRICES, S1 } from '@agentspan/conformance';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S1_CHILDREN, childrenOf, expectedS1Turn, setupOtel, turnUnder, until } from '@agentspan/testing-http';

const otel = setupOtel();
const { startNestApp, pendingTurns } = await import('../src/app.js');
const { post } = await import('@agentspan/testing-http');

const as = new Agentspan({ prices: FIXTURE_PRICES, streamIdleTimeoutMs: 50 });
const servers = (spans: readonly ReadableSpan[] = otel.spans()) => spans.filter((s) => s.kind === SpanKind.SERVER);
const endNs = (s: ReadableSpan) => s.endTime[0] * 1e9 + s.endTime[1];

function expectTurn(spans: readonly ReadableSpan[], server: ReadableSpan, conversationId: string): void {
  expect(turnUnder(spans, server)).toEqual(expectedS1Turn(conversationId, S1.userId));
  expect(server.attributes).toMatchObject({
    'agentspan.usage.input_tokens': 932,
    'agentspan.usage.output_tokens': 88,
    'agentspan.llm.calls': 2,
    'agentspan.tool.calls': 1,
  });
  expect(server.attributes['agentspan.cost.usd']).toBeCloseTo(0.000183, 12);
}

describe.each(['express', 'fastify'] as const)('nest on %s with instrumentation-http', (platform) => {
  let app: Awaited<ReturnType<typeof startNestApp>>;
  let seq = 0;
  beforeAll(async () => {
    app = await startNestApp(platform, { agentspan: as });
  });
  afterAll(() => app.close());
  beforeEach(() => otel.exporter.reset());

  function turn(variant: 'ok' | 'stream' | 'stream_abort', conversationId: string = S1.conversationId, abortAfter?: number) {
    const id = `${platform}-${++seq}`;
    pendingTurns.set(id, { variant, userMessage: S1.userMessage });
    const path = variant === 'ok' ? '/turns/plain' : '/turns/stream';
    return post(app.port, path, {}, { 'x-turn-id': id, 'x-conversation-id': conversationId, 'x-user-id': S1.userId }, abortAfter);
  }

  it('one SERVER span named by the route, the S1 tree and the rollups under it', async () => {
    const res = await turn('ok');
    expect(JSON.parse(res.body)).toEqual({ text: S1.chat2.text });
    await until(() => servers().length === 1);
    const spans = otel.spans();
    expect(servers(spans)).toHaveLength(1);
    const server = servers(spans)[0]!;
    expect(server.name).toBe('POST /turns/plain');
    expect(server.instrumentationScope.name).toBe('@opentelemetry/instrumentation-http');
    expectTurn(spans, server, S1.conversationId);
    expect(spans).toHaveLength(8);
  });

  it('SSE: the agent span ends when the stream completes, and the server span after it', async () => {
    const res = await turn('stream');
    expect(res.chunks.join('')).toBe(S1.chat2.text);
    await until(() => servers().length === 1);
    const spans = otel.spans();
    const server = servers(spans)[0]!;
    expect(server.name).toBe('POST /turns/stream');
    expectTurn(spans, server, S1.conversationId);
    const agent = childrenOf(spans, server)[0]!;
    const chats = childrenOf(spans, agent).filter((s) => s.name.startsWith('chat'));
    expect(chats[1]!.attributes['gen_ai.request.stream']).toBe(true);
    const upsert = childrenOf(spans, agent).at(-1)!;
    // the decorated method returned its Observable at once; its span lasted as long as the stream
    expect(endNs(agent)).toBeGreaterThanOrEqual(endNs(upsert));
    // the server span outlived the stream (the SDK anchors a span it times itself on Date.now(): allow 2 ms between clocks)
    const durationNs = (s: ReadableSpan) => s.duration[0] * 1e9 + s.duration[1];
    expect(durationNs(chats[1]!)).toBeGreaterThan(8e6);
    expect(durationNs(server)).toBeGreaterThan(durationNs(chats[1]!));
    expect(endNs(server) + 2e6).toBeGreaterThanOrEqual(endNs(agent));
  });

  it('SSE aborted by the client: the stream is unsubscribed, chat and agent cancelled, rolled up', async () => {
    const res = await turn('stream_abort', S1.conversationId, S1.abortAfterChunks);
    expect(res.aborted).toBe(true);
    await until(() => servers().length === 1 && otel.spans().length === 7);
    const spans = otel.spans();
    const server = servers(spans)[0]!;
    const agent = childrenOf(spans, server)[0]!;
    expect(childrenOf(spans, agent).map((s) => s.name)).toEqual(S1_CHILDREN.slice(0, 5));
    for (const s of [agent, childrenOf(spans, agent)[4]!]) {
      expect(s.status.code).toBe(SpanStatusCode.ERROR);
      expect(s.attributes['agentspan.error.category']).toBe('cancelled');
    }
    expect(server.attributes['agentspan.llm.calls']).toBe(2);
    expect(server.name).toBe('POST /turns/stream');
  });

  it('1,000 concurrent requests with distinct conversation ids make 1,000 separate correct trees', { timeout: 120_000 }, async () => {
    const n = 1000;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => turn('ok', `conv-${i}`)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    await until(() => servers().length === n, 60_000);
    const spans = otel.spans();
    expect(spans).toHaveLength(8 * n);
    const byTrace = new Map<string, ReadableSpan[]>();
    for (const s of spans) {
      const list = byTrace.get(s.spanContext().traceId) ?? [];
      list.push(s);
      byTrace.set(s.spanContext().traceId, list);
    }
    expect(byTrace.size).toBe(n);
    const seen = new Set<string>();
    for (const trace of byTrace.values()) {
      const server = servers(trace)[0]!;
      const conversationId = String(server.attributes['gen_ai.conversation.id']);
      seen.add(conversationId);
      expectTurn(trace, server, conversationId);
    }
    expect(seen.size).toBe(n);
  });
});
