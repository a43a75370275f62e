// Two adapters together over real HTTP: an Express 5 app with @agentspan/express, behind
// instrumentation-http, whose POST /chat runs the LangChain example's support agent (a real
// createAgent agent, tool, retriever and store; the scripted model) traced by
// @agentspan/langchain. The tree must be server span → invoke_agent → the S1 spans, carrying
// the ids the request sent, one tree per request.
import { Agentspan } from '@agentspan/core';
import { FIXTURE_PRICES, S1 } from '@agentspan/conformance';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { childrenOf, setupOtel, until } from '@agentspan/testing-http';

const otel = setupOtel();
const { default: express } = await import('express');
const { startApp } = await import('../src/app.js');
const { langchainChatRoute } = await import('../src/langchain-route.js');

const as = new Agentspan({ prices: FIXTURE_PRICES });
const S1_CHILDREN = ['search_memory', 'retrieval kb-policies', 'chat gpt-4o-mini', 'execute_tool lookup_order', 'chat gpt-4o-mini', 'upsert_memory'];
let app: Awaited<ReturnType<typeof startApp>>;

beforeAll(async () => {
  app = await startApp(express, { agentspan: as }, (a) => a.post('/chat', express.json(), langchainChatRoute()));
});
afterAll(() => app.close());
beforeEach(() => otel.exporter.reset());

function chat(conversationId: string, userId: string) {
  return fetch(`http://127.0.0.1:${app.port}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-conversation-id': conversationId, 'x-user-id': userId },
    body: JSON.stringify({ message: S1.userMessage }),
  });
}

const servers = () => otel.spans().filter((s) => s.kind === SpanKind.SERVER);

function expectTurnUnder(server: ReadableSpan, conversationId: string, userId: string): void {
  const spans = otel.spans();
  expect(server.name).toBe('POST /chat');
  expect(server.instrumentationScope.name).toBe('@opentelemetry/instrumentation-http');
  const [agent, ...others] = childrenOf(spans, server);
  expect(others.map((s) => s.name)).toEqual([]);
  expect(agent?.name).toBe('invoke_agent support-agent');
  expect(childrenOf(spans, agent!).map((s) => s.name)).toEqual(S1_CHILDREN);
  for (const span of [server, agent!, ...childrenOf(spans, agent!)]) {
    expect(span.spanContext().traceId).toBe(server.spanContext().traceId);
    expect(span.attributes['gen_ai.conversation.id']).toBe(conversationId);
    expect(span.attributes['user.id']).toBe(userId);
  }
  expect(server.attributes).toMatchObject({
    'http.response.status_code': 200,
    'agentspan.usage.input_tokens': 932,
    'agentspan.usage.output_tokens': 88,
    'agentspan.llm.calls': 2,
    'agentspan.tool.calls': 1,
  });
  expect(server.attributes['agentspan.cost.usd']).toBeCloseTo(0.000183, 12);
}

describe('express + langchain over HTTP', () => {
  it('server span → invoke_agent → the S1 spans, with the ids from the request', async () => {
    const res = await chat('conv-http-1', 'user-http-1');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ answer: S1.chat2.text });
    await until(() => servers().length === 1 && otel.spans().length >= 8);
    expectTurnUnder(servers()[0]!, 'conv-http-1', 'user-http-1');
  });

  it('concurrent requests make one tree each, never mixing their ids', async () => {
    const ids = Array.from({ length: 8 }, (_, i) => [`conv-${i}`, `user-${i}`] as const);
    const responses = await Promise.all(ids.map(([c, u]) => chat(c, u)));
    expect(responses.map((r) => r.status)).toEqual(ids.map(() => 200));
    await until(() => servers().length === ids.length && otel.spans().length >= ids.length * 8);
    for (const [conversationId, userId] of ids) {
      const server = servers().find((s) => s.attributes['gen_ai.conversation.id'] === conversationId);
      expect(server, conversationId).toBeDefined();
      expectTurnUnder(server!, conversationId, userId);
    }
  });
});
