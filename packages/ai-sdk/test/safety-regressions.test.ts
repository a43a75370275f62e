// Regressions of issue 17 through a real AI SDK turn: an error whose getters throw, thrown by
// the model or by a tool, reaches the caller unchanged and leaves no span open (before the
// fix the user's error survived but the agent and chat spans stayed open until expiry);
// a misspelt option fails at creation.
import { Agentspan, AgentspanConfigError } from '@agentspan/core';
import { hostileTracing } from '@agentspan/testing-hostile';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agentspanTelemetry, traceMemoryStore, tracedRetrieval } from '../src/index.js';

const tracing = hostileTracing();

/** An error whose `cause` getter throws (the AI SDK itself reads name and message: those stay readable). */
function hostileError(): Error {
  return Object.defineProperty(new Error('provider failed'), 'cause', {
    get() {
      throw new TypeError('cause getter');
    },
  });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return undefined;
}

const USAGE = { inputTokens: { total: 3, noCache: 3, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 1, text: 1, reasoning: undefined } };

describe('a hostile error through a real AI SDK turn', () => {
  it('thrown by the model: generateText rejects with it, every span ends', async () => {
    tracing.reset();
    const error = hostileError();
    const model = new MockLanguageModelV4({
      doGenerate: async () => {
        throw error;
      },
    });
    const integration = agentspanTelemetry({ agentspan: new Agentspan({ tracerProvider: tracing.provider }) });
    const caught = await rejection(generateText({ model, prompt: 'hi', maxRetries: 0, telemetry: { functionId: 'agent', integrations: [integration] } }));
    expect(caught === error).toBe(true);
    expect(await tracing.openAfter(2000)).toEqual([]);
    expect(tracing.spans().map((s) => s.status.code)).toEqual([2, 2]);
    expect(integration.activeCalls).toBe(0);
  });

  it('thrown by a tool: the tool error part carries it, every span ends', async () => {
    tracing.reset();
    const error = hostileError();
    let calls = 0;
    const model = new MockLanguageModelV4({
      doGenerate: async () =>
        (calls++ === 0
          ? { content: [{ type: 'tool-call', toolCallId: 'c1', toolName: 'lookup', input: '{}' }], finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage: USAGE, warnings: [] }
          : { content: [{ type: 'text', text: 'done' }], finishReason: { unified: 'stop', raw: 'stop' }, usage: USAGE, warnings: [] }) as never,
    });
    const integration = agentspanTelemetry({ agentspan: new Agentspan({ tracerProvider: tracing.provider }) });
    const result = await generateText({
      model,
      prompt: 'hi',
      stopWhen: stepCountIs(3),
      tools: {
        lookup: tool({
          inputSchema: z.object({}),
          execute: (): string => {
            throw error;
          },
        }),
      },
      telemetry: { functionId: 'agent', integrations: [integration] },
    });
    const part = result.steps[0]?.content.find((p) => p.type === 'tool-error');
    expect((part && 'error' in part ? part.error : undefined) === error).toBe(true);
    expect(await tracing.openAfter(2000)).toEqual([]);
    expect(tracing.spans().find((s) => s.name === 'execute_tool lookup')?.status.code).toBe(2);
  });

  it('a streamed turn whose model throws it: the stream ends, every span ends', async () => {
    tracing.reset();
    const error = hostileError();
    const model = new MockLanguageModelV4({
      doStream: async () => {
        throw error;
      },
    });
    const integration = agentspanTelemetry({ agentspan: new Agentspan({ tracerProvider: tracing.provider }) });
    const seen: unknown[] = [];
    const result = streamText({ model, prompt: 'hi', maxRetries: 0, onError: ({ error: e }) => void seen.push(e), telemetry: { functionId: 'agent', integrations: [integration] } });
    for await (const _ of result.fullStream) {
      // drain
    }
    expect(seen[0] === error).toBe(true);
    expect(await tracing.openAfter(2000)).toEqual([]);
  });
});

describe('an event whose field throws, after the run is known', () => {
  const throwing = (fields: Record<string, unknown>, key: string) =>
    Object.defineProperty({ ...fields }, key, {
      get() {
        throw new Error(`${key} getter`);
      },
    });

  it('ends the operation it names: nothing is left open and out of our maps', () => {
    tracing.reset();
    const t = agentspanTelemetry({ agentspan: new Agentspan({ tracerProvider: tracing.provider }) });
    const callId = 'call-1';
    t.onStart({ callId, operationId: 'ai.generateText', functionId: 'agent' } as never);
    t.onToolExecutionStart({ callId, toolCall: { toolCallId: 't1', toolName: 'lookup', input: {} } } as never);
    t.onToolExecutionEnd(throwing({ callId, toolCall: { toolCallId: 't1' } }, 'toolOutput') as never);
    t.onStart({ callId: 'embed-1', operationId: 'ai.embed' } as never);
    t.onEmbedStart({ callId: 'embed-1', embedCallId: 'e1', values: ['x'], provider: 'openai', modelId: 'm' } as never);
    t.onEmbedEnd(throwing({ callId: 'embed-1', embedCallId: 'e1' }, 'usage') as never);
    t.onStart({ callId: 'rerank-1', operationId: 'ai.rerank' } as never);
    t.onRerankStart({ callId: 'rerank-1', provider: 'cohere', modelId: 'r', documents: [] } as never);
    t.onRerankEnd(throwing({ callId: 'rerank-1' }, 'modelId') as never);
    t.onEnd(throwing({ callId: 'embed-1' }, 'text') as never);
    t.onEnd(throwing({ callId: 'rerank-1' }, 'text') as never);
    // The tool ended with its end event; the turn's own end then ends the agent.
    expect(tracing.counter.openSpans()).toEqual(['invoke_agent agent']);
    t.onEnd(throwing({ callId }, 'text') as never);
    expect(tracing.counter.openSpans()).toEqual([]);
    expect(t.activeCalls).toBe(0);
  });
});

describe('options', () => {
  it('a misspelt option fails at creation, naming the closest valid one', () => {
    expect(() => agentspanTelemetry({ agentNmae: 'x' } as never)).toThrow(AgentspanConfigError);
    expect(() => agentspanTelemetry({ agentNmae: 'x' } as never)).toThrow(/unknown option "agentNmae"; did you mean "agentName"\?/);
    expect(() => agentspanTelemetry({ verbos: true } as never)).toThrow(/did you mean "verbose"/);
    expect(() => tracedRetrieval(async () => [], { topk: 3 } as never)).toThrow(/tracedRetrieval: unknown option "topk"; did you mean "topK"/);
    expect(() => traceMemoryStore({}, { storeID: 's' } as never)).toThrow(/traceMemoryStore: unknown option "storeID"; did you mean "storeId"/);
  });
});
