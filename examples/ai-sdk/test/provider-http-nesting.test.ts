// The real @ai-sdk/openai provider against a local OpenAI-compatible server, with the
// OpenTelemetry undici instrumentation: the provider's HTTP spans must be children of our
// chat spans (executeLanguageModelCall runs the call inside the chat span), retries included.
import { Agentspan } from '@agentspan/core';
import { type ConformanceHarness, FIXTURE_PRICES, S1, createHarness } from '@agentspan/conformance';
import { createOpenAI } from '@ai-sdk/openai';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { generateText, stepCountIs } from 'ai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentspanTelemetry } from '@agentspan/ai-sdk';
import { startFakeOpenAI } from '@agentspan/example-kit/testing';
import { lookupOrderTool } from '../src/support-app.js';

let harness: ConformanceHarness;
let undici: UndiciInstrumentation;

beforeAll(() => {
  harness = createHarness();
  harness.register();
  undici = new UndiciInstrumentation();
  undici.setTracerProvider(harness.tracerProvider);
  undici.enable();
});
afterAll(async () => {
  undici.disable();
  await harness.shutdown();
});
afterEach(async () => {
  await harness.reset();
});

const parentId = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const httpSpans = (spans: ReadableSpan[]) => spans.filter((s) => s.kind === SpanKind.CLIENT && s.attributes['http.request.method'] === 'POST');
const chatSpans = (spans: ReadableSpan[]) => spans.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');

async function runTurn(maxRetries: number, rateLimitFirst: number) {
  const server = await startFakeOpenAI(S1, { rateLimitFirst });
  try {
    const as = new Agentspan({ tracerProvider: harness.tracerProvider, prices: FIXTURE_PRICES });
    const openai = createOpenAI({ baseURL: server.baseURL, apiKey: 'sk-test' });
    const result = await as.agent({ name: S1.agentName, conversationId: S1.conversationId, userId: S1.userId }, () =>
      generateText({
        model: openai.chat(S1.requestModel),
        tools: { [S1.tool.name]: lookupOrderTool(S1) },
        prompt: S1.userMessage,
        stopWhen: stepCountIs(5),
        maxRetries,
        telemetry: { functionId: S1.agentName, integrations: [agentspanTelemetry({ agentspan: as })] },
      }),
    );
    expect(result.text).toBe(S1.chat2.text);
    expect(server.requests).toBe(2 + rateLimitFirst);
  } finally {
    await server.close();
  }
  await harness.openSpans.waitUntilAllEnded(1000);
  const spans = harness.finishedSpans();
  const chats = chatSpans(spans);
  const http = httpSpans(spans);
  expect(chats).toHaveLength(2);
  expect(http).toHaveLength(2 + rateLimitFirst);
  return { spans, chats, http };
}

describe('real @ai-sdk/openai provider over HTTP', () => {
  it('nests each provider HTTP request under its chat span', async () => {
    const { chats, http } = await runTurn(0, 0);
    for (const [i, chat] of chats.entries()) {
      expect(parentId(http[i]!)).toBe(chat.spanContext().spanId);
      expect(http[i]!.spanContext().traceId).toBe(chat.spanContext().traceId);
    }
    expect(chats[0]!.attributes['gen_ai.provider.name']).toBe('openai');
    expect(chats[0]!.attributes['gen_ai.response.model']).toBe(S1.responseModel);
    expect(chats[0]!.attributes['gen_ai.usage.input_tokens']).toBe(420);
    expect(chats[0]!.attributes['gen_ai.usage.cache_read.input_tokens']).toBe(128);
    expect(chats[0]!.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
    expect(chats[1]!.attributes['gen_ai.usage.reasoning.output_tokens']).toBe(16);
  });

  it('keeps a retried call in one chat span, every attempt nested under it', async () => {
    const { spans, chats, http } = await runTurn(1, 1);
    const first = chats[0]!.spanContext().spanId;
    expect(http.filter((s) => parentId(s) === first)).toHaveLength(2);
    expect(http.filter((s) => parentId(s) === chats[1]!.spanContext().spanId)).toHaveLength(1);
    expect(chats[0]!.status.code).not.toBe(2);
    const agent = spans.find((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent');
    expect(agent?.attributes['agentspan.llm.calls']).toBe(2);
  });
});
