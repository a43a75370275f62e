// Tracing never breaks the app: faults of ours are swallowed, the application's own errors
// reach it unchanged, late events after an abort change nothing, retries stay one span.
import { S1 } from '@agentspan/conformance';
import { AgentspanConfigError, abortError } from '@agentspan/core';
import { APICallError } from '@ai-sdk/provider';
import type { Span, Tracer, TracerProvider } from '@opentelemetry/api';
import { generateText, simulateReadableStream, stepCountIs, streamText } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { type AgentspanTelemetry, agentspanTelemetry } from '@agentspan/ai-sdk';
import { PROVIDER_ID, fixtureModel, v4Usage } from '../src/fixture-model.js';
import { byOperation, tree, useTestEnv } from '../../../packages/ai-sdk/test/support/harness.js';
import { lookupOrderTool } from '../src/support-app.js';

type OperationStartEvent = Parameters<AgentspanTelemetry['onStart']>[0];
type ModelCallStartEvent = Parameters<AgentspanTelemetry['onLanguageModelCallStart']>[0];
type ModelCallEndEvent = Parameters<AgentspanTelemetry['onLanguageModelCallEnd']>[0];
type ToolStartEvent = Parameters<AgentspanTelemetry['onToolExecutionStart']>[0];

const env = useTestEnv();

function rateLimited(): APICallError {
  return new APICallError({
    message: 'Rate limit reached',
    url: 'http://localhost/v1/chat/completions',
    requestBodyValues: {},
    statusCode: 429,
    responseHeaders: { 'retry-after-ms': '1' },
    isRetryable: true,
  });
}

/** A tracer provider whose spans cannot be started: every hook of ours hits a fault. */
const brokenProvider: TracerProvider = {
  getTracer: (): Tracer => ({
    startSpan: (): Span => {
      throw new Error('tracer exploded');
    },
    startActiveSpan: (): never => {
      throw new Error('tracer exploded');
    },
  }),
};

describe('faults of ours never reach the application', () => {
  it('a tracer that throws: the call, its tool and its result are unaffected', async () => {
    const as = env.agentspan({ tracerProvider: brokenProvider });
    const integration = agentspanTelemetry({ agentspan: as });
    const result = await generateText({
      model: fixtureModel(S1),
      tools: { [S1.tool.name]: lookupOrderTool(S1) },
      prompt: S1.userMessage,
      stopWhen: stepCountIs(5),
      telemetry: { functionId: S1.agentName, integrations: [integration] },
    });
    expect(result.text).toBe(S1.chat2.text);
    expect(result.steps[0]?.toolResults[0]?.output).toEqual(S1.tool.result);
    expect(integration.activeCalls).toBe(0);
    // Reported to the diag logger, not thrown.
    expect(env.harness.diagnostics.take().join('\n')).toContain('tracer exploded');
  });

  it("a tool's own error object reaches the model loop unchanged", async () => {
    const error = new Error('upstream timeout');
    const result = await generateText({
      model: fixtureModel(S1),
      tools: { [S1.tool.name]: lookupOrderTool(S1, error) },
      prompt: S1.userMessage,
      stopWhen: stepCountIs(5),
      telemetry: { integrations: [agentspanTelemetry({ agentspan: env.agentspan() })] },
    });
    const toolError = result.steps[0]?.content.find((p) => p.type === 'tool-error');
    expect(toolError && 'error' in toolError ? toolError.error : undefined).toBe(error);
    const [tool] = byOperation(await env.spans(), 'execute_tool');
    expect(tool?.status.code).toBe(2);
    expect(tool?.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('bad options fail at creation with a clear error', () => {
    expect(() => agentspanTelemetry({ agentName: '' })).toThrow(AgentspanConfigError);
    expect(() => agentspanTelemetry({ verbose: 'yes' as unknown as boolean })).toThrow(/verbose must be a boolean/);
    expect(() => agentspanTelemetry({ agentspan: {} as never })).toThrow(/Agentspan instance/);
  });
});

describe('late and repeated events', () => {
  const start = { callId: 'call-1', operationId: 'ai.streamText', provider: PROVIDER_ID, modelId: 'gpt-4o-mini', functionId: 'a', runtimeContext: {} };

  it('events after an abort neither reopen nor re-end spans', async () => {
    const integration = agentspanTelemetry({ agentspan: env.agentspan() });
    integration.onStart(start as unknown as OperationStartEvent);
    integration.onLanguageModelCallStart({ ...start, messages: [] } as unknown as ModelCallStartEvent);
    integration.onAbort({ callId: 'call-1', steps: [], reason: abortError() });
    // What a framework may still report after the caller's rejection:
    integration.onLanguageModelCallEnd({
      callId: 'call-1',
      provider: PROVIDER_ID,
      modelId: S1.responseModel,
      finishReason: 'stop',
      usage: { inputTokens: 5, outputTokens: 5 },
      content: [],
      responseId: 'r',
    } as unknown as ModelCallEndEvent);
    integration.onToolExecutionStart({
      callId: 'call-1',
      messages: [],
      toolCall: { toolCallId: 'call_9', toolName: 'x', input: {} },
    } as unknown as ToolStartEvent);
    integration.onEnd({ callId: 'call-1', text: 'late' } as never);
    integration.onError({ callId: 'call-1', error: new Error('late') });
    const spans = await env.spans();
    expect(tree(spans)).toEqual(['invoke_agent a !', '  chat gpt-4o-mini !']);
    for (const span of spans) {
      expect(span.attributes['agentspan.error.category']).toBe('cancelled');
      expect(span.events).toEqual([]);
    }
    expect(byOperation(spans, 'chat')[0]?.attributes['gen_ai.usage.input_tokens']).toBeUndefined();
    expect(env.harness.diagnostics.take()).toEqual([]);
    expect(integration.activeCalls).toBe(0);
  });

  it('a streamText result nobody reads ends as cancelled after the idle time', async () => {
    streamText({
      model: fixtureModel(S1),
      prompt: 'hi',
      telemetry: { functionId: 'a', integrations: [agentspanTelemetry({ agentspan: env.agentspan({ streamIdleTimeoutMs: 50 }) })] },
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const spans = await env.spans();
    expect(tree(spans)).toEqual(['invoke_agent a !', '  chat gpt-4o-mini !']);
    for (const span of spans) expect(span.attributes['agentspan.error.category']).toBe('cancelled');
  });

  it('streamText retries re-send the model-call start: still one chat span', async () => {
    let calls = 0;
    const model = new MockLanguageModelV4({
      provider: PROVIDER_ID,
      modelId: 'gpt-4o-mini',
      doStream: async () => {
        if (++calls === 1) throw rateLimited();
        return {
          stream: simulateReadableStream({
            chunks: [
              { type: 'text-start', id: 't' },
              { type: 'text-delta', id: 't', delta: 'hi' },
              { type: 'text-end', id: 't' },
              { type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: v4Usage(S1.chat2.usage) },
            ],
          }),
        };
      },
    });
    const result = streamText({
      model,
      prompt: 'hi',
      maxRetries: 1,
      telemetry: { functionId: 'a', integrations: [agentspanTelemetry({ agentspan: env.agentspan() })] },
    });
    expect(await result.text).toBe('hi');
    expect(calls).toBe(2);
    const spans = await env.spans();
    expect(tree(spans)).toEqual(['invoke_agent a', '  chat gpt-4o-mini']);
    const [chat] = byOperation(spans, 'chat');
    expect(chat?.status.code).toBe(0);
    expect(chat?.attributes['gen_ai.usage.output_tokens']).toBe(64);
    expect(chat?.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  it('exhausted retries: the chat span carries the attempt error, the caller gets the RetryError', async () => {
    const model = new MockLanguageModelV4({
      provider: PROVIDER_ID,
      modelId: 'gpt-4o-mini',
      doGenerate: async () => {
        throw rateLimited();
      },
    });
    const integration = agentspanTelemetry({ agentspan: env.agentspan() });
    const caught = await generateText({ model, prompt: 'hi', maxRetries: 1, telemetry: { functionId: 'a', integrations: [integration] } }).catch(
      (e: unknown) => e,
    );
    expect((caught as Error).name).toBe('AI_RetryError');
    const spans = await env.spans();
    const [chat] = byOperation(spans, 'chat');
    const [agent] = byOperation(spans, 'invoke_agent');
    expect(spans).toHaveLength(2);
    expect(chat?.attributes['error.type']).toBe('AI_APICallError');
    expect(chat?.attributes['agentspan.error.category']).toBe('rate_limit');
    // The core follows RetryError.lastError like a cause: the agent names the real failure.
    expect(agent?.attributes['error.type']).toBe('AI_APICallError');
    expect(agent?.attributes['agentspan.error.category']).toBe('rate_limit');
    expect(agent?.attributes['agentspan.llm.calls']).toBe(1);
    expect(integration.activeCalls).toBe(0);
  });
});
