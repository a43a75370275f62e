// S1 served by a real Express 5 app over real HTTP, with instrumentation-http making the
// server span: one SERVER span per request, the S1 tree under it, the rollups on it.
import { Agentspan } from '@agentspan/core';
import { FIXTURE_PRICES, S1 } from '@agentspan/conformance';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { S1_CHILDREN, byName, childrenOf, expectedS1Turn, setupOtel, turnUnder, until } from '@agentspan/testing-http';

const otel = setupOtel();
const { default: express } = await import('express');
const { startApp, pendingTurns } = await import('../src/app.js');
const { post } = await import('@agentspan/testing-http');

const as = new Agentspan({ prices: FIXTURE_PRICES, streamIdleTimeoutMs: 50 });
let app: Awaited<ReturnType<typeof startApp>>;
let turnSeq = 0;

beforeAll(async () => {
  app = await startApp(express, { agentspan: as });
});
afterAll(async () => {
  await app.close();
});
beforeEach(() => otel.exporter.reset());

function turn(variant: Parameters<typeof pendingTurns.set>[1]['variant'], conversationId: string = S1.conversationId, abortAfter?: number) {
  const id = `t${++turnSeq}`;
  pendingTurns.set(id, { variant, userMessage: S1.userMessage });
  return post(app.port, '/turns/support', {}, { 'x-turn-id': id, 'x-conversation-id': conversationId, 'x-user-id': S1.userId }, abortAfter);
}


function serverSpans(spans: readonly ReadableSpan[]): ReadableSpan[] {
  return spans.filter((s) => s.kind === SpanKind.SERVER);
}

function expectS1Under(spans: readonly ReadableSpan[], server: ReadableSpan, conversationId: string): void {
  expect(turnUnder(spans, server)).toEqual(expectedS1Turn(conversationId, S1.userId));
}

function expectRollups(server: ReadableSpan): void {
  expect(server.attributes['agentspan.usage.input_tokens']).toBe(932);
  expect(server.attributes['agentspan.usage.output_tokens']).toBe(88);
  expect(server.attributes['agentspan.cost.usd']).toBeCloseTo(0.000183, 12);
  expect(server.attributes['agentspan.llm.calls']).toBe(2);
  expect(server.attributes['agentspan.tool.calls']).toBe(1);
}

describe('express + instrumentation-http: S1 over HTTP', () => {
  it('hangs the S1 tree under the one server span, named by the route, with the rollups', async () => {
    const res = await turn('ok');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ text: S1.chat2.text });
    await until(() => serverSpans(otel.spans()).length === 1);
    const spans = otel.spans();
    const [server] = serverSpans(spans);
    expect(serverSpans(spans)).toHaveLength(1);
    expect(server!.name).toBe('POST /turns/:kind');
    expect(server!.attributes['http.route']).toBe('/turns/:kind');
    expect(server!.instrumentationScope.name).toBe('@opentelemetry/instrumentation-http');
    expect(server!.status.code).toBe(SpanStatusCode.UNSET);
    expectS1Under(spans, server!, S1.conversationId);
    expectRollups(server!);
    expect(spans).toHaveLength(8);
  });

  it('1,000 concurrent requests with distinct conversation ids make 1,000 separate correct trees', { timeout: 120_000 }, async () => {
    const n = 1000;
    const results = await Promise.all(Array.from({ length: n }, (_, i) => turn('ok', `conv-${i}`)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    await until(() => serverSpans(otel.spans()).length === n, 60_000);
    const spans = otel.spans();
    expect(spans).toHaveLength(8 * n);
    const servers = serverSpans(spans);
    expect(new Set(servers.map((s) => s.spanContext().traceId)).size).toBe(n);
    const seen = new Set<string>();
    for (const server of servers) {
      const conversationId = String(server.attributes['gen_ai.conversation.id']);
      seen.add(conversationId);
      const traceId = server.spanContext().traceId;
      expect(spans.filter((s) => s.spanContext().traceId === traceId)).toHaveLength(8);
      expectS1Under(spans, server, conversationId);
      expectRollups(server);
    }
    expect(seen.size).toBe(n);
  });

  it('SSE: the spans end with the stream, not when the handler returns', async () => {
    const res = await turn('stream');
    expect(res.chunks.slice(0, 5).join('')).toBe(S1.chat2.text);
    await until(() => serverSpans(otel.spans()).length === 1);
    const spans = otel.spans();
    const server = serverSpans(spans)[0]!;
    expectS1Under(spans, server, S1.conversationId);
    expectRollups(server);
    const chat2 = spans.filter((s) => s.name === 'chat gpt-4o-mini')[1]!;
    expect(chat2.attributes['gen_ai.request.stream']).toBe(true);
    expect(chat2.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    const end = (s: ReadableSpan) => s.endTime[0] * 1e9 + s.endTime[1];
    const agent = byName(spans, 'invoke_agent support-agent');
    const duration = (s: ReadableSpan) => s.duration[0] * 1e9 + s.duration[1];
    expect(end(chat2)).toBeLessThanOrEqual(end(agent));
    // The handler returned at once; the server span lasted as long as the stream (5 chunks, 2 ms apart)…
    expect(duration(chat2)).toBeGreaterThan(8e6);
    expect(duration(server)).toBeGreaterThan(duration(chat2));
    // …and ended after the agent (the SDK anchors a span it times itself on Date.now(): allow 2 ms between clocks).
    expect(end(agent)).toBeLessThanOrEqual(end(server) + 2e6);
  });

  it('SSE aborted by the client after 2 chunks: chat and agent cancelled, rolled up before the server span ends', async () => {
    const res = await turn('stream_abort', S1.conversationId, S1.abortAfterChunks);
    expect(res.aborted).toBe(true);
    await until(() => serverSpans(otel.spans()).length === 1 && otel.spans().length === 7);
    const spans = otel.spans();
    const server = serverSpans(spans)[0]!;
    const agent = byName(spans, 'invoke_agent support-agent');
    expect(childrenOf(spans, agent).map((s) => s.name)).toEqual(S1_CHILDREN.slice(0, 5));
    const chat2 = childrenOf(spans, agent)[4]!;
    for (const s of [agent, chat2]) {
      expect(s.status.code).toBe(SpanStatusCode.ERROR);
      expect(s.attributes['agentspan.error.category']).toBe('cancelled');
      expect(s.events).toHaveLength(0);
    }
    expect(server.attributes['agentspan.llm.calls']).toBe(2);
    expect(server.attributes['agentspan.tool.calls']).toBe(1);
  });

  it('a stream the handler stops reading is abandoned after the idle time; the response waits for it', async () => {
    const res = await turn('stream_idle');
    expect(res.chunks).toHaveLength(S1.abortAfterChunks);
    await until(() => serverSpans(otel.spans()).length === 1);
    const spans = otel.spans();
    const chat2 = spans.filter((s) => s.name === 'chat gpt-4o-mini')[1]!;
    expect(chat2.attributes['agentspan.error.category']).toBe('cancelled');
    expect(serverSpans(spans)[0]!.attributes['agentspan.llm.calls']).toBe(2);
  });

  it('a failing model call: the error handler records it on the server span; the response stays Express’s own', async () => {
    const id = `t${++turnSeq}`;
    const modelError = Object.assign(new Error('Rate limit reached for gpt-4o-mini'), { name: 'RateLimitError', status: 429 });
    pendingTurns.set(id, { variant: 'model_error', userMessage: S1.userMessage, modelError });
    const res = await post(app.port, '/turns/support', {}, { 'x-turn-id': id, 'x-conversation-id': 'c', 'x-user-id': 'u' });
    expect(res.status).toBe(429); // finalhandler answers with the error's own status
    await until(() => serverSpans(otel.spans()).length === 1);
    const spans = otel.spans();
    const server = serverSpans(spans)[0]!;
    expect(server.status.code).toBe(SpanStatusCode.UNSET); // a 4xx is the client's, not the server's, error
    expect(server.attributes['error.type']).toBe('RateLimitError');
    expect(server.events.map((e) => e.name)).toEqual(['exception']);
    expect(server.attributes['agentspan.llm.calls']).toBe(1);
    expect(byName(spans, 'invoke_agent support-agent').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('requests without the id headers are traced without ids', async () => {
    const res = await fetch(`http://127.0.0.1:${app.port}/hello`);
    expect(await res.text()).toBe('hello');
    await until(() => serverSpans(otel.spans()).length === 1);
    const server = serverSpans(otel.spans())[0]!;
    expect(server.name).toBe('GET'); // no GenAI work: named by instrumentation-http (by the route with nameEveryRequest)
    expect(server.attributes['gen_ai.conversation.id']).toBeUndefined();
    expect(server.attributes['agentspan.llm.calls']).toBeUndefined();
  });
});
