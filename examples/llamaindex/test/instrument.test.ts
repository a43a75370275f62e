// Enabling and disabling, configuration errors, direct LLM calls, and other listeners of
// LlamaIndex's callback events still seeing everything.
import { AgentspanConfigError } from '@agentspan/core';
import { BaseRetriever } from '@llamaindex/core/retriever';
import { AgentWorkflow } from '@llamaindex/workflow';
import { Settings } from 'llamaindex';
import { afterEach, describe, expect, it } from 'vitest';
import { instrumentLLM, instrumentLlamaIndex } from '@agentspan/llamaindex';
import { type TestTracing, setupTracing } from './support/otel.js';
import { ScriptedLLM } from '../src/scripted-llm.js';

let t: TestTracing;
let dispose: (() => void) | undefined;

afterEach(async () => {
  dispose?.();
  dispose = undefined;
  await t?.shutdown();
});

const answer = (calls = 1) =>
  new ScriptedLLM({
    model: 'claude-sonnet-4',
    responseModel: 'claude-sonnet-4-20250514',
    steps: Array.from({ length: calls }, () => ({
      kind: 'answer' as const,
      chunks: ['a', 'b'],
      usage: { inputTokens: 3, outputTokens: 2 },
      finishReason: 'stop',
    })),
  });

describe('instrumentLlamaIndex', () => {
  it('rejects bad options and a second enable with a clear error', () => {
    t = setupTracing();
    expect(() => instrumentLlamaIndex({ provider: 'openai' as never })).toThrow(AgentspanConfigError);
    expect(() => instrumentLlamaIndex({ verbose: 'yes' as never })).toThrow(/verbose must be a boolean/);
    expect(() => instrumentLlamaIndex({ agentspan: {} as never })).toThrow(/Agentspan instance/);
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan });
    expect(() => instrumentLlamaIndex({ agentspan: t.agentspan })).toThrow(/already enabled/);
  });

  it('the disposer restores the framework and stops recording; wrapped instances pass through', async () => {
    t = setupTracing();
    const retrieve = BaseRetriever.prototype.retrieve;
    const runStream = AgentWorkflow.prototype.runStream;
    const llm = instrumentLLM(answer(2));
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan });
    expect(BaseRetriever.prototype.retrieve).not.toBe(retrieve);
    await llm.chat({ messages: [{ role: 'user', content: 'hi' }] });
    dispose();
    dispose();
    expect(BaseRetriever.prototype.retrieve).toBe(retrieve);
    expect(AgentWorkflow.prototype.runStream).toBe(runStream);
    await llm.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(t.spans()).toHaveLength(1);
  });

  it('a patch wrapped again by someone else stays in place (passing through) after dispose', async () => {
    t = setupTracing();
    const original = BaseRetriever.prototype.retrieve;
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan });
    const ours = BaseRetriever.prototype.retrieve;
    const seen: unknown[] = [];
    const theirs = function (this: BaseRetriever, params: unknown) {
      seen.push(params);
      return ours.call(this, params as never);
    };
    BaseRetriever.prototype.retrieve = theirs as typeof ours;
    try {
      dispose();
      expect(BaseRetriever.prototype.retrieve).toBe(theirs);
      const retriever = Object.assign(Object.create(BaseRetriever.prototype), {
        _retrieve: async () => [],
        _handleRecursiveRetrieval: async (_q: unknown, nodes: unknown) => nodes,
      }) as BaseRetriever;
      expect(await retriever.retrieve({ query: 'q' })).toEqual([]);
      expect(seen).toHaveLength(1);
      expect(t.spans()).toEqual([]);
    } finally {
      BaseRetriever.prototype.retrieve = original;
    }
  });

  it('instrumentLLM leaves non-LLM values alone and wraps an instance once', () => {
    expect(instrumentLLM(undefined)).toBeUndefined();
    expect(instrumentLLM(42)).toBe(42);
    const llm = answer();
    const once = instrumentLLM(llm).chat;
    expect(instrumentLLM(llm).chat).toBe(once);
    t = setupTracing();
  });

  it('a direct chat call: provider by resolver, models, usage and finish reason from the raw response', async () => {
    t = setupTracing();
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan, provider: () => 'anthropic' });
    const llm = instrumentLLM(answer());
    const response = await llm.chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(response.message.content).toBe('ab');
    expect(t.spans()[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4',
      'gen_ai.response.model': 'claude-sonnet-4-20250514',
      'gen_ai.usage.input_tokens': 3,
      'gen_ai.usage.output_tokens': 2,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.request.temperature': 0,
    });
    expect(t.spans()[0]?.attributes['gen_ai.request.stream']).toBeUndefined();
  });

  it('the provider defaults to the class name when the class is not a known provider', async () => {
    t = setupTracing();
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan });
    await instrumentLLM(answer()).chat({ messages: [{ role: 'user', content: 'hi' }] });
    expect(t.spans()[0]?.attributes['gen_ai.provider.name']).toBe('scriptedllm');
  });

  it('an LLM read from Settings.llm is wrapped; a stream dropped by its reader is cancelled', async () => {
    t = setupTracing();
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan });
    Settings.llm = answer();
    const stream = await Settings.llm.chat({ messages: [{ role: 'user', content: 'hi' }], stream: true });
    for await (const _chunk of stream) break;
    expect(t.spans()[0]?.attributes).toMatchObject({ 'agentspan.error.category': 'cancelled', 'gen_ai.request.stream': true });
  });

  it('content capture: messages, system instructions and output in the GenAI schema', async () => {
    t = setupTracing({ captureContent: true });
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan });
    await instrumentLLM(answer()).chat({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
    });
    const attributes = t.spans()[0]?.attributes ?? {};
    expect(JSON.parse(String(attributes['gen_ai.input.messages']))).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }]);
    expect(JSON.parse(String(attributes['gen_ai.system_instructions']))).toEqual([{ type: 'text', content: 'Be brief.' }]);
    expect(JSON.parse(String(attributes['gen_ai.output.messages']))).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'ab' }] }]);
  });

  it("other listeners of LlamaIndex's callback events still receive llm-start / llm-end", async () => {
    t = setupTracing();
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan });
    const seen: string[] = [];
    const onStart = () => seen.push('llm-start');
    const onEnd = () => seen.push('llm-end');
    Settings.callbackManager.on('llm-start', onStart).on('llm-end', onEnd);
    try {
      await instrumentLLM(answer()).chat({ messages: [{ role: 'user', content: 'hi' }] });
      await new Promise((resolve) => setTimeout(resolve, 0));
    } finally {
      Settings.callbackManager.off('llm-start', onStart).off('llm-end', onEnd);
    }
    expect(seen).toEqual(['llm-start', 'llm-end']);
  });
});
