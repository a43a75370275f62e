// The legacy ReActAgent: invoke_agent named by its class (merging into an application's
// agent span), its chats, and its tools with the call id LlamaIndex announced.
import { tool } from '@llamaindex/core/tools';
import { z } from '@llamaindex/core/zod';
import { ReActAgent } from 'llamaindex';
import { afterEach, expect, it } from 'vitest';
import { instrumentLlamaIndex } from '@agentspan/llamaindex';
import { type TestTracing, setupTracing } from './support/otel.js';
import { ScriptedLLM } from '../src/scripted-llm.js';

let t: TestTracing;
let dispose: () => void;

afterEach(async () => {
  dispose();
  await t.shutdown();
});

class OrderServiceError extends Error {
  override name = 'OrderServiceError';
}

function reactAgent(fail: boolean) {
  const usage = { inputTokens: 10, outputTokens: 5 };
  const llm = new ScriptedLLM({
    model: 'gpt-4o-mini',
    responseModel: 'gpt-4o-mini',
    steps: [
      { kind: 'answer', chunks: ['Thought: I need the order.\nAction: lookup_order\nAction Input: {"orderId": "42"}'], usage, finishReason: 'stop' },
      { kind: 'answer', chunks: ['Thought: I can answer.\nAnswer: It was delivered.'], usage, finishReason: 'stop' },
    ],
  });
  const lookup = tool({
    name: 'lookup_order',
    description: 'Looks up an order',
    parameters: z.object({ orderId: z.string() }),
    execute: () => {
      if (fail) throw new OrderServiceError('upstream timeout');
      return { status: 'delivered' };
    },
  });
  return new ReActAgent({ llm, tools: [lookup] });
}

it('a ReActAgent chat: invoke_agent ReActAgent with its chats and the tool (call id from the framework)', async () => {
  t = setupTracing();
  dispose = instrumentLlamaIndex({ agentspan: t.agentspan, provider: () => 'openai' });
  const response = await reactAgent(false).chat({ message: 'where is 42?' });
  expect(String(response.message.content)).toContain('Answer: It was delivered.');
  expect(t.trees()).toEqual(['invoke_agent ReActAgent\n  chat gpt-4o-mini\n  execute_tool lookup_order\n  chat gpt-4o-mini']);
  const callId = t.byName('execute_tool lookup_order')[0]?.attributes['gen_ai.tool.call.id'];
  expect(typeof callId).toBe('string');
  expect(t.byName('invoke_agent ReActAgent')[0]?.attributes).toMatchObject({ 'agentspan.llm.calls': 2, 'agentspan.tool.calls': 1 });
});

it('inside an application agent span it merges (class name = framework default); a tool error keeps its class', async () => {
  t = setupTracing();
  dispose = instrumentLlamaIndex({ agentspan: t.agentspan, provider: () => 'openai' });
  const agent = reactAgent(true);
  await t.agentspan.agent({ name: 'support-agent' }, () => agent.chat({ message: 'where is 42?' }));
  expect(t.trees()).toEqual([
    'invoke_agent support-agent\n  chat gpt-4o-mini\n  execute_tool lookup_order [ERROR OrderServiceError]\n  chat gpt-4o-mini',
  ]);
});

it('a streamed ReActAgent chat ends its span when the caller has read the answer', async () => {
  t = setupTracing();
  dispose = instrumentLlamaIndex({ agentspan: t.agentspan, provider: () => 'openai' });
  const stream = await reactAgent(false).chat({ message: 'where is 42?', stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.delta;
  expect(text).toContain('delivered');
  expect(t.trees()).toEqual(['invoke_agent ReActAgent\n  chat gpt-4o-mini\n  execute_tool lookup_order\n  chat gpt-4o-mini']);
});
