// How runs end when they do not simply answer: guardrails that trip, failing models and
// tools, aborts, streams dropped or left unread, too many turns. Every span ends, the error a
// caller gets is the very object thrown, and the spans say what happened.
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Agent,
  InputGuardrailTripwireTriggered,
  MaxTurnsExceededError,
  OutputGuardrailTripwireTriggered,
  Runner,
  ToolCallError,
  tool,
} from '@openai/agents';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toolErrorFunction } from '../src/index.js';
import { named, tree, useTestEnv } from './support/env.js';
import { ScriptedModel, answer, callTool } from './support/scripted-model.js';

const env = useTestEnv();

class OrderServiceError extends Error {
  constructor() {
    super('upstream timeout');
    this.name = 'OrderServiceError';
  }
}
class RateLimitError extends Error {
  readonly status = 429;
  constructor() {
    super('Rate limit reached');
    this.name = 'RateLimitError';
  }
}

const failing = (error: Error, errorFunction?: ReturnType<typeof toolErrorFunction> | null) =>
  tool({
    name: 'lookup_order',
    description: 'Looks up an order.',
    parameters: z.object({ orderId: z.string() }),
    execute: async () => {
      throw error;
    },
    ...(errorFunction !== undefined ? { errorFunction } : {}),
  });

const status = (span: ReadableSpan) => ({
  status: span.status.code === 2 ? 'ERROR' : 'UNSET',
  type: span.attributes['error.type'],
  category: span.attributes['agentspan.error.category'],
  events: span.events.map((e) => e.name),
});

describe('guardrails', () => {
  it('an input guardrail that trips: its span says so, the run fails with a guardrail_tripped error', async () => {
    const agent = new Agent({
      name: 'support-agent',
      model: new ScriptedModel([{ ...answer('Sure.'), delayMs: 20 }]),
      inputGuardrails: [{ name: 'no_refunds', runInParallel: false, execute: async () => ({ tripwireTriggered: true, outputInfo: { reason: 'refund' } }) }],
    });
    const caught = await new Runner().run(agent, 'Refund me.').catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(InputGuardrailTripwireTriggered);
    const spans = await env.spans();
    expect(tree(spans)).toEqual(['invoke_agent support-agent !', '  apply_guardrail no_refunds']);
    expect(named(spans, 'apply_guardrail no_refunds').attributes['agentspan.guardrail.triggered']).toBe(true);
    expect(status(named(spans, 'invoke_agent support-agent'))).toEqual({
      status: 'ERROR',
      type: 'InputGuardrailTripwireTriggered',
      category: 'guardrail_tripped',
      events: ['exception'],
    });
  });

  it('an input guardrail that trips while the model runs beside it: no span is left open', async () => {
    const agent = new Agent({
      name: 'support-agent',
      model: new ScriptedModel([{ ...answer('Sure.'), delayMs: 30 }]),
      inputGuardrails: [{ name: 'no_refunds', execute: async () => ({ tripwireTriggered: true, outputInfo: {} }) }],
    });
    await expect(new Runner().run(agent, 'Refund me.')).rejects.toBeInstanceOf(InputGuardrailTripwireTriggered);
    const spans = await env.spans();
    expect(status(named(spans, 'invoke_agent support-agent')).category).toBe('guardrail_tripped');
    expect(named(spans, 'apply_guardrail no_refunds').attributes['agentspan.guardrail.triggered']).toBe(true);
  });

  it('an output guardrail that trips: after the answer, the same', async () => {
    const agent = new Agent({
      name: 'support-agent',
      model: new ScriptedModel([answer('Here is your card number.')]),
      outputGuardrails: [{ name: 'no_card_numbers', execute: async () => ({ tripwireTriggered: true, outputInfo: {} }) }],
    });
    await expect(new Runner().run(agent, 'hi')).rejects.toBeInstanceOf(OutputGuardrailTripwireTriggered);
    const spans = await env.spans();
    expect(tree(spans)).toEqual(['invoke_agent support-agent !', '  chat gpt-4o-mini', '  apply_guardrail no_card_numbers']);
    expect(status(named(spans, 'invoke_agent support-agent'))).toMatchObject({ type: 'OutputGuardrailTripwireTriggered', category: 'guardrail_tripped' });
  });
});

describe('failures', () => {
  it('a failing model call: the chat and the agent fail with the error, the caller gets the very object', async () => {
    const error = new RateLimitError();
    const agent = new Agent({ name: 'support-agent', model: new ScriptedModel([{ error }]) });
    const caught = await new Runner().run(agent, 'hi').catch((e: unknown) => e);
    expect(caught).toBe(error);
    expect(error.message).toBe('Rate limit reached');
    const spans = await env.spans();
    expect(tree(spans)).toEqual(['invoke_agent support-agent !', '  chat gpt-4o-mini !']);
    expect(status(named(spans, 'chat gpt-4o-mini'))).toEqual({ status: 'ERROR', type: 'RateLimitError', category: 'rate_limit', events: ['exception'] });
    expect(named(spans, 'invoke_agent support-agent').attributes).toMatchObject({ 'agentspan.llm.calls': 1, 'error.type': 'RateLimitError' });
  });

  it('a tool whose exception the SDK hands the model: failed with its class through toolErrorFunction()', async () => {
    const model = new ScriptedModel([callTool('call_1', 'lookup_order', { orderId: '42' }), answer('Sorry.')]);
    const agent = new Agent({ name: 'support-agent', model, tools: [failing(new OrderServiceError(), toolErrorFunction((_c, e) => String(e)))] });
    await new Runner().run(agent, 'hi');
    const spans = await env.spans();
    expect(status(named(spans, 'execute_tool lookup_order'))).toEqual({ status: 'ERROR', type: 'OrderServiceError', category: 'timeout', events: ['exception'] });
    expect(status(named(spans, 'invoke_agent support-agent')).status).toBe('UNSET');
    // The model read what the error function returned.
    const toolResult = JSON.stringify(model.requests[1]?.input);
    expect(toolResult).toContain('OrderServiceError: upstream timeout');
  });

  it("a tool failing under the SDK's default error function: failed, with the class unknown (_OTHER)", async () => {
    const model = new ScriptedModel([callTool('call_1', 'lookup_order', { orderId: '42' }), answer('Sorry.')]);
    const agent = new Agent({ name: 'support-agent', model, tools: [failing(new OrderServiceError())] });
    await new Runner().run(agent, 'hi');
    const spans = await env.spans();
    expect(status(named(spans, 'execute_tool lookup_order'))).toMatchObject({ status: 'ERROR', type: '_OTHER', events: ['exception'] });
  });

  it('a tool whose exception fails the run (errorFunction: null): the caller gets the SDK\'s ToolCallError; nothing stays open', async () => {
    const error = new OrderServiceError();
    const model = new ScriptedModel([callTool('call_1', 'lookup_order', { orderId: '42' }), answer('never')]);
    const agent = new Agent({ name: 'support-agent', model, tools: [failing(error, null)] });
    const caught = await new Runner().run(agent, 'hi').catch((e: unknown) => e);
    expect(caught).toBeInstanceOf(ToolCallError);
    expect((caught as ToolCallError).error).toBe(error);
    const spans = await env.spans();
    expect(tree(spans)).toEqual(['invoke_agent support-agent !', '  chat gpt-4o-mini', '  execute_tool lookup_order !']);
    expect(status(named(spans, 'invoke_agent support-agent')).type).toBe('ToolCallError');
  });

  it('too many turns: MaxTurnsExceededError on the agent, every call counted', async () => {
    let executions = 0;
    const looping = tool({
      name: 'lookup_order',
      description: 'Looks up an order.',
      parameters: z.object({ orderId: z.string() }),
      execute: async () => {
        executions += 1;
        return 'try again';
      },
    });
    const model = new ScriptedModel([callTool('call_1', 'lookup_order', { orderId: '42' })]);
    const agent = new Agent({ name: 'support-agent', model, tools: [looping] });
    await expect(new Runner().run(agent, 'hi', { maxTurns: 2 })).rejects.toBeInstanceOf(MaxTurnsExceededError);
    const spans = await env.spans();
    expect(status(named(spans, 'invoke_agent support-agent')).type).toBe('MaxTurnsExceededError');
    expect(named(spans, 'invoke_agent support-agent').attributes).toMatchObject({ 'agentspan.llm.calls': model.requests.length, 'agentspan.tool.calls': executions });
    expect(executions).toBeGreaterThan(0);
  });

  it('an aborted run: the model call and the agent end as cancelled, without exception events', async () => {
    const abort = new AbortController();
    const agent = new Agent({ name: 'support-agent', model: new ScriptedModel([{ ...answer('never'), hang: true }]) });
    setTimeout(() => abort.abort(), 20);
    await expect(new Runner().run(agent, 'hi', { signal: abort.signal })).rejects.toBeDefined();
    const spans = await env.spans();
    expect(status(named(spans, 'chat gpt-4o-mini'))).toMatchObject({ status: 'ERROR', category: 'cancelled', events: [] });
    expect(status(named(spans, 'invoke_agent support-agent'))).toMatchObject({ status: 'ERROR', category: 'cancelled', events: [] });
  });
});

describe('streamed runs', () => {
  const streamingAgent = () =>
    new Agent({ name: 'support-agent', model: new ScriptedModel([{ chunks: ['Your ', 'order ', 'is ', 'here.'], delayMs: 5 }]) });

  it('read to the end: the chat reports its first chunk, the spans end when the stream is consumed', async () => {
    const result = await new Runner().run(streamingAgent(), 'hi', { stream: true });
    let text = '';
    for await (const event of result) {
      if (event.type === 'raw_model_stream_event' && event.data.type === 'output_text_delta') text += event.data.delta;
    }
    await result.completed;
    expect(text).toBe('Your order is here.');
    const spans = await env.spans();
    expect(tree(spans)).toEqual(['invoke_agent support-agent', '  chat gpt-4o-mini']);
    const chat = named(spans, 'chat gpt-4o-mini');
    expect(chat.attributes['gen_ai.request.stream']).toBe(true);
    expect(chat.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(chat.attributes['gen_ai.usage.input_tokens']).toBe(10);
  });

  it('dropped by the caller (break): cancelled, nothing left open', async () => {
    const result = await new Runner().run(streamingAgent(), 'hi', { stream: true });
    for await (const event of result) {
      if (event.type === 'raw_model_stream_event' && event.data.type === 'output_text_delta') break;
    }
    const spans = await env.spans();
    expect(status(named(spans, 'invoke_agent support-agent'))).toMatchObject({ status: 'ERROR', category: 'cancelled', events: [] });
  });

  it('left unread: abandoned after the idle time, cancelled', async () => {
    env.reconfigure(undefined, { streamIdleTimeoutMs: 50 });
    const agent = new Agent({ name: 'support-agent', model: new ScriptedModel([{ chunks: ['a', 'b', 'c'], delayMs: 200 }]) });
    const result = await new Runner().run(agent, 'hi', { stream: true });
    const reader = (result.toStream() as unknown as globalThis.ReadableStream<unknown>).getReader();
    await reader.read();
    await sleep(150);
    const spans = await env.spans();
    expect(status(named(spans, 'invoke_agent support-agent'))).toMatchObject({ category: 'cancelled', type: 'StreamAbandonedError' });
    expect(status(named(spans, 'chat gpt-4o-mini'))).toMatchObject({ category: 'cancelled' });
    reader.releaseLock();
    await result.completed;
  });

  it('a stream the caller aborts: cancelled', async () => {
    const abort = new AbortController();
    const result = await new Runner().run(streamingAgent(), 'hi', { stream: true, signal: abort.signal });
    for await (const event of result) {
      if (event.type === 'raw_model_stream_event' && event.data.type === 'output_text_delta') abort.abort();
    }
    await result.completed;
    const spans = await env.spans();
    expect(status(named(spans, 'invoke_agent support-agent'))).toMatchObject({ status: 'ERROR', category: 'cancelled' });
    expect(status(named(spans, 'chat gpt-4o-mini'))).toMatchObject({ status: 'ERROR', category: 'cancelled' });
  });
});
