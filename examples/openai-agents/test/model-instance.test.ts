// Models given to an agent as instances, not names: OpenAI's Chat Completions model over the
// scripted client (its model name is private to it: the SDK's generation span names it), and
// the runner's group id as the conversation id when the application sets none.
import { Agentspan } from '@agentspan/core';
import { type ConformanceHarness, FIXTURE_PRICES, S1, createHarness } from '@agentspan/conformance';
import { instrumentOpenAIAgents } from '@agentspan/openai-agents';
import { Agent, OpenAIChatCompletionsModel, Runner, setTracingDisabled } from '@openai/agents';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ScriptedOpenAIClient } from '../src/scripted-openai-client.js';
import { lookupOrder, s1Reply } from '../src/support-agent.js';

let harness: ConformanceHarness;
let dispose: () => void;

beforeAll(() => {
  harness = createHarness();
  harness.register();
  setTracingDisabled(false);
  dispose = instrumentOpenAIAgents({ agentspan: new Agentspan({ tracerProvider: harness.tracerProvider, prices: FIXTURE_PRICES }), keepOtherProcessors: false });
});
afterAll(async () => {
  dispose();
  await harness.shutdown();
});

it('a model instance on the agent: named from the SDK, the same chat spans, the group id on every span', async () => {
  const client = new ScriptedOpenAIClient({ responseModel: S1.responseModel, reply: s1Reply(S1) });
  const model = new OpenAIChatCompletionsModel(client as never, S1.requestModel);
  const agent = new Agent({ name: S1.agentName, model, tools: [lookupOrder(S1)] });
  const result = await new Runner({ groupId: 'thread-9' }).run(agent, S1.userMessage);
  expect(result.finalOutput).toBe(S1.chat2.text);
  expect(await harness.openSpans.waitUntilAllEnded(1000)).toEqual([]);
  const spans = harness.finishedSpans();
  expect(spans.map((s) => s.name).sort()).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini', 'execute_tool lookup_order', 'invoke_agent support-agent']);
  for (const span of spans) expect(span.attributes['gen_ai.conversation.id']).toBe('thread-9');
  const chat = spans.find((s) => s.name === 'chat gpt-4o-mini');
  expect(chat?.attributes).toMatchObject({ 'gen_ai.request.model': S1.requestModel, 'gen_ai.response.model': S1.responseModel, 'gen_ai.provider.name': 'openai' });
});
