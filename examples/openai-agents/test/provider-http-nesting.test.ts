// OpenAI's real client (through the SDK's OpenAIProvider) against a local OpenAI-compatible
// server, with the OpenTelemetry undici instrumentation: each provider HTTP request must be a
// child of its chat span, the client's own retries included, streamed calls too.
import { Agentspan } from '@agentspan/core';
import { type ConformanceHarness, FIXTURE_PRICES, S1, createHarness } from '@agentspan/conformance';
import { startFakeOpenAI } from '@agentspan/example-kit/testing';
import { instrumentOpenAIAgents } from '@agentspan/openai-agents';
import { OpenAIProvider, Runner, setTracingDisabled } from '@openai/agents';
import { SpanKind } from '@opentelemetry/api';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prepareAgent, turnStores } from '../src/support-agent.js';

let harness: ConformanceHarness;
let undici: UndiciInstrumentation;
let agentspan: Agentspan;
let dispose: () => void;

beforeAll(() => {
  harness = createHarness();
  harness.register();
  undici = new UndiciInstrumentation();
  undici.setTracerProvider(harness.tracerProvider);
  undici.enable();
  setTracingDisabled(false);
  agentspan = new Agentspan({ tracerProvider: harness.tracerProvider, prices: FIXTURE_PRICES });
  dispose = instrumentOpenAIAgents({ agentspan, keepOtherProcessors: false });
});
afterAll(async () => {
  dispose();
  undici.disable();
  await harness.shutdown();
});
afterEach(async () => {
  await harness.reset();
});

const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const httpSpans = (spans: ReadableSpan[]) => spans.filter((s) => s.kind === SpanKind.CLIENT && s.attributes['http.request.method'] === 'POST');
const chatSpans = (spans: ReadableSpan[]) =>
  spans
    .filter((s) => s.attributes['gen_ai.operation.name'] === 'chat')
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);

async function runTurn(stream: boolean, rateLimitFirst = 0) {
  const server = await startFakeOpenAI(S1, { rateLimitFirst });
  try {
    const modelProvider = new OpenAIProvider({ baseURL: server.baseURL, apiKey: 'sk-test', useResponses: false });
    const turn = { conversationId: S1.conversationId, userId: S1.userId, message: S1.userMessage };
    const app = { fixture: S1, agentspan, modelProvider };
    const text = await agentspan.agent({ name: S1.agentName, conversationId: turn.conversationId, userId: turn.userId }, async () => {
      const agent = await prepareAgent(app, turn, turnStores(S1, turn.conversationId));
      const runner = new Runner({ modelProvider });
      if (!stream) return (await runner.run(agent, turn.message)).finalOutput;
      const result = await runner.run(agent, turn.message, { stream: true });
      let streamed = '';
      for await (const chunk of result.toTextStream()) streamed += chunk;
      await result.completed;
      return streamed;
    });
    expect(text).toBe(S1.chat2.text);
    expect(server.requests).toBe(2 + rateLimitFirst);
  } finally {
    await server.close();
  }
  const open = await harness.openSpans.waitUntilAllEnded(1000);
  expect(open).toEqual([]);
  const spans = harness.finishedSpans();
  return { chats: chatSpans(spans), http: httpSpans(spans) };
}

describe("OpenAI's client over HTTP, through the Runner", () => {
  it('nests each provider HTTP request under its chat span', async () => {
    const { chats, http } = await runTurn(false);
    expect(chats).toHaveLength(2);
    expect(http).toHaveLength(2);
    for (const [i, chat] of chats.entries()) {
      expect(parentId(http[i]!)).toBe(chat.spanContext().spanId);
    }
    expect(chats[0]!.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': S1.requestModel,
      'gen_ai.response.model': S1.responseModel,
      'gen_ai.usage.input_tokens': 420,
      'gen_ai.usage.cache_read.input_tokens': 128,
      'gen_ai.response.finish_reasons': ['tool_call'],
    });
    expect(chats[1]!.attributes['gen_ai.usage.reasoning.output_tokens']).toBe(16);
  });

  it("the client's retries are HTTP requests of the one chat span", async () => {
    const { chats, http } = await runTurn(false, 1);
    expect(chats).toHaveLength(2);
    expect(http.filter((h) => parentId(h) === chats[0]!.spanContext().spanId)).toHaveLength(2);
    expect(http.filter((h) => parentId(h) === chats[1]!.spanContext().spanId)).toHaveLength(1);
  });

  it('streamed: the requests nest under their chats, which report time to first chunk', async () => {
    const { chats, http } = await runTurn(true);
    expect(chats).toHaveLength(2);
    expect(http).toHaveLength(2);
    for (const [i, chat] of chats.entries()) {
      expect(parentId(http[i]!)).toBe(chat.spanContext().spanId);
      expect(chat.attributes['gen_ai.request.stream']).toBe(true);
      expect(chat.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    }
    expect(chats[1]!.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 512, 'gen_ai.response.model': S1.responseModel });
  });
});
