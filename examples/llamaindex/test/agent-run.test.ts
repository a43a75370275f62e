// Agent runs without an enclosing agent span: the run's own invoke_agent, its failures,
// cancellation by the caller, abandonment, hand-offs between agents, and merging.
import { OrderServiceError, RateLimitError, S1 } from '@agentspan/conformance';
import { context } from '@opentelemetry/api';
import { createMemory } from '@llamaindex/core/memory';
import { tool } from '@llamaindex/core/tools';
import { z } from '@llamaindex/core/zod';
import { agent, agentStreamEvent, multiAgent } from '@llamaindex/workflow';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instrumentLLM, instrumentLlamaIndex } from '@agentspan/llamaindex';
import { ConversationBlock } from '../src/conversation-block.js';
import { type TestTracing, setupTracing } from './support/otel.js';
import { ScriptedLLM } from '../src/scripted-llm.js';
import { buildKnowledgeBase, createSupportTurn } from '../src/support-app.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const provider = (llm: object) => (llm instanceof ScriptedLLM ? 'openai' : undefined);

function turnOf(variant: 'ok' | 'tool_error' | 'model_error' | 'stream' | 'stream_abort' | 'stream_idle') {
  return createSupportTurn({ variant, fixture: S1, modelError: new RateLimitError(), toolError: new OrderServiceError() });
}

describe('agent() runs', () => {
  let t: TestTracing;
  let dispose: () => void;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(() => {
    process.on('unhandledRejection', onUnhandled);
  });
  afterAll(() => {
    process.off('unhandledRejection', onUnhandled);
  });
  afterEach(async () => {
    dispose?.();
    await t?.shutdown();
    unhandled.length = 0;
  });

  function enable(streamIdleTimeoutMs?: number): void {
    t = setupTracing({ streamIdleTimeoutMs });
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan, provider });
  }

  it('a run is its own invoke_agent span with the agent name, chats and the tool below it', async () => {
    enable();
    const turn = turnOf('ok');
    const result = await context.with(t.agentspan.withTurn({ conversationId: 'c1', userId: 'u1' }), () =>
      turn.workflow.run(S1.userMessage),
    );
    expect(result.data.result).toBe(S1.chat2.text);
    expect(t.trees()).toEqual(['invoke_agent support-agent\n  chat gpt-4o-mini\n  execute_tool lookup_order\n  chat gpt-4o-mini']);
    const [run] = t.byName('invoke_agent support-agent');
    expect(run?.attributes).toMatchObject({
      'gen_ai.agent.name': 'support-agent',
      'gen_ai.conversation.id': 'c1',
      'user.id': 'u1',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 932,
      'gen_ai.usage.output_tokens': 88,
      'agentspan.llm.calls': 2,
      'agentspan.tool.calls': 1,
      'agentspan.framework.name': 'llamaindex',
    });
    const [tool1] = t.byName('execute_tool lookup_order');
    expect(tool1?.attributes['gen_ai.tool.call.id']).toBe('call_1');
    expect(tool1?.attributes['gen_ai.tool.description']).toBe(S1.tool.description);
  });

  it('a failing model call rejects run() with the original error instead of hanging, and fails both spans', async () => {
    enable();
    const turn = turnOf('model_error');
    const error = (turn.llm as unknown as { options: { steps: { error: unknown }[] } }).options.steps[0]?.error;
    await expect(turn.workflow.run(S1.userMessage)).rejects.toBe(error);
    await sleep(10);
    expect(t.trees()).toEqual([
      'invoke_agent support-agent [ERROR RateLimitError]\n  chat gpt-4o-mini [ERROR RateLimitError]',
    ]);
    expect(t.byName('invoke_agent support-agent')[0]?.events.map((e) => e.name)).toEqual(['exception']);
    expect(unhandled).toEqual([]);
  });

  it('a failing tool keeps its error class on execute_tool; the model sees the text and answers', async () => {
    enable();
    const turn = turnOf('tool_error');
    const result = await turn.workflow.run(S1.userMessage);
    expect(result.data.result).toBe(S1.chat2.text);
    const toolResult = turn.llm.received[1]?.find((m) => (m.options as { toolResult?: unknown } | undefined)?.toolResult);
    expect(String(toolResult?.content)).toContain('upstream timeout');
    expect(t.trees()).toEqual([
      'invoke_agent support-agent\n  chat gpt-4o-mini\n  execute_tool lookup_order [ERROR OrderServiceError]\n  chat gpt-4o-mini',
    ]);
    const [failed] = t.byName('execute_tool lookup_order');
    expect(failed?.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('the caller stopping the stream (return()) cancels the run and its open chat; late chunks change nothing', async () => {
    enable();
    const turn = turnOf('stream_abort'); // the answer streams slower than the caller reads
    let chunks = 0;
    for await (const event of turn.workflow.runStream(S1.userMessage)) {
      if (agentStreamEvent.include(event) && event.data.delta !== '' && ++chunks === 2) break;
    }
    await sleep(200); // the model keeps streaming into the workflow
    expect(t.trees()).toEqual([
      'invoke_agent support-agent [ERROR AbortError]\n  chat gpt-4o-mini\n  execute_tool lookup_order\n  chat gpt-4o-mini [ERROR AbortError]',
    ]);
    const [, chat2] = t.byName('chat gpt-4o-mini');
    expect(chat2?.attributes['agentspan.error.category']).toBe('cancelled');
    expect(chat2?.events).toEqual([]);
    expect(chat2?.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
  });

  it('a stream nobody reads any more is abandoned after the idle time', async () => {
    enable(50);
    const turn = turnOf('stream_idle');
    const iterator = turn.workflow.runStream(S1.userMessage)[Symbol.asyncIterator]();
    let chunks = 0;
    while (chunks < 2) {
      const next = await iterator.next();
      if (next.done) break;
      if (agentStreamEvent.include(next.value) && next.value.data.delta !== '') chunks++;
    }
    await sleep(250);
    const [run] = t.byName('invoke_agent support-agent');
    expect(run?.attributes['agentspan.error.category']).toBe('cancelled');
    expect(run?.attributes['error.type']).toBe('StreamAbandonedError');
  });

  it('a completed stream ends every span, with TTFT and the final chunk usage', async () => {
    enable();
    const turn = turnOf('stream');
    const events = [];
    for await (const event of turn.workflow.runStream(S1.userMessage)) events.push(event);
    expect(t.trees()).toEqual(['invoke_agent support-agent\n  chat gpt-4o-mini\n  execute_tool lookup_order\n  chat gpt-4o-mini']);
    const [, chat2] = t.byName('chat gpt-4o-mini');
    expect(chat2?.attributes).toMatchObject({
      'gen_ai.request.stream': true,
      'gen_ai.usage.input_tokens': 512,
      'gen_ai.usage.output_tokens': 64,
      'gen_ai.response.finish_reasons': ['stop'],
    });
  });

  it('expiry: a model call that never settles and a run stream dropped unread end with RunExpiredError', async () => {
    t = setupTracing({ runRegistry: { ttlMs: 50 } });
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan, provider });
    const hung = new ScriptedLLM({ model: 'gpt-4o-mini', responseModel: 'gpt-4o-mini', steps: [] });
    hung.chat = (() => new Promise(() => {})) as never;
    void instrumentLLM(hung).chat({ messages: [{ role: 'user', content: 'hi' }] });
    turnOf('ok').workflow.runStream(S1.userMessage); // never read
    await sleep(200);
    const expired = t.spans().filter((s) => s.attributes['error.type'] === 'RunExpiredError').map((s) => s.name);
    expect(expired.sort()).toEqual(['chat gpt-4o-mini', 'invoke_agent support-agent']);
  });

  it('a run of the default name "Agent" merges into an enclosing agent; another name nests', async () => {
    enable();
    const llm = () =>
      new ScriptedLLM({
        model: 'gpt-4o-mini',
        responseModel: 'gpt-4o-mini',
        steps: [{ kind: 'answer', chunks: ['ok'], usage: { inputTokens: 1, outputTokens: 1 }, finishReason: 'stop' }],
      });
    await t.agentspan.agent({ name: 'outer' }, async () => {
      await agent({ llm: llm(), tools: [] }).run('hi');
      await agent({ name: 'inner', llm: llm(), tools: [] }).run('hi');
    });
    expect(t.trees()).toEqual(['invoke_agent outer\n  chat gpt-4o-mini\n  invoke_agent inner\n    chat gpt-4o-mini']);
  });

  it("an agent given a Memory with a long-term block reads it at every step and writes the turn to it", async () => {
    enable();
    const block = new ConversationBlock('conversations', [{ id: 'm1', role: 'memory', content: 'prefers e-mail' }]);
    const memory = createMemory({ memoryBlocks: [block], shortTermTokenLimitRatio: 0 });
    const turn = turnOf('ok');
    const workflow = agent({ name: 'support-agent', llm: turn.llm, tools: turn.workflow.getAgents()[0]?.tools ?? [], memory });
    await workflow.run(S1.userMessage);
    expect(t.trees()).toEqual([
      [
        'invoke_agent support-agent',
        '  upsert_memory', // the user message, written through
        '  search_memory', // step 1 reads the memory
        '  chat gpt-4o-mini',
        '  execute_tool lookup_order',
        '  search_memory', // step 2
        '  chat gpt-4o-mini',
        // the turn's messages at the end; the empty tool-call message (0 tokens) goes with the next
        '  upsert_memory',
        '  upsert_memory',
      ].join('\n'),
    ]);
    expect(turn.llm.received[0]?.some((m) => m.content === 'prefers e-mail')).toBe(true);
  });

  it('multiAgent with a handoff: handle_conversation_turn over each agent\'s invoke_agent, peers', async () => {
    enable();
    const usage = { inputTokens: 1, outputTokens: 1 };
    const triageLLM = new ScriptedLLM({
      model: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini',
      steps: [{ kind: 'tool_call', id: 'h1', name: 'handOff', arguments: { toAgent: 'orders', reason: 'order question' }, usage, finishReason: 'tool_calls' }],
    });
    const ordersLLM = new ScriptedLLM({
      model: 'gpt-4o',
      responseModel: 'gpt-4o',
      steps: [
        { kind: 'tool_call', id: 'c1', name: 'lookup_order', arguments: { orderId: '42' }, usage, finishReason: 'tool_calls' },
        { kind: 'answer', chunks: ['delivered'], usage, finishReason: 'stop' },
      ],
    });
    const lookup = tool({ name: 'lookup_order', description: 'd', parameters: z.object({ orderId: z.string() }), execute: () => ({ status: 'delivered' }) });
    const triage = agent({ name: 'triage', llm: triageLLM, tools: [], canHandoffTo: ['orders'] });
    const orders = agent({ name: 'orders', llm: ordersLLM, tools: [lookup] });
    const workflow = multiAgent({ agents: [triage, orders], rootAgent: triage });
    const result = await workflow.run('where is order 42?');
    expect(result.data.result).toBe('delivered');
    expect(t.trees()).toEqual([
      [
        'handle_conversation_turn triage',
        '  invoke_agent triage',
        '    chat gpt-4o-mini',
        '    execute_tool handOff',
        '  invoke_agent orders',
        '    chat gpt-4o',
        '    execute_tool lookup_order',
        '    chat gpt-4o',
      ].join('\n'),
    ]);
    expect(t.byName('handle_conversation_turn triage')[0]?.attributes['agentspan.llm.calls']).toBe(3);
    expect(t.byName('invoke_agent triage')[0]?.attributes['agentspan.llm.calls']).toBe(1);
    expect(t.byName('execute_tool lookup_order')[0]?.attributes['gen_ai.agent.name']).toBe('orders');
  });

  it('verbose mode adds workflow steps as agentspan.framework spans; the default adds none', async () => {
    t = setupTracing();
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan, provider, verbose: true });
    await turnOf('ok').workflow.run(S1.userMessage);
    const steps = t.spans().filter((s) => s.attributes['agentspan.framework'] === 'workflow_step');
    expect([...new Set(steps.map((s) => s.name))].sort()).toEqual([
      'executeToolCalls',
      'handleInputStep',
      'parseAgentOutput',
      'processToolResults',
      'runAgentStep',
      'setupAgent',
    ]);
    const chat = t.byName('chat gpt-4o-mini')[0];
    const parent = t.spans().find((s) => s.spanContext().spanId === chat?.parentSpanContext?.spanId);
    expect(parent?.attributes['agentspan.framework']).toBe('workflow_step');
  });

  it('50 interleaved runs keep their own traces (context captured at call time)', async () => {
    enable();
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        context.with(t.agentspan.withTurn({ conversationId: `conv-${i}` }), async () => {
          await sleep(i % 5);
          await turnOf(i % 2 ? 'stream' : 'ok').workflow.run(S1.userMessage);
        }),
      ),
    );
    const traces = new Map<string, Set<string>>();
    for (const span of t.spans()) {
      const ids = traces.get(span.spanContext().traceId) ?? new Set<string>();
      ids.add(String(span.attributes['gen_ai.conversation.id']));
      traces.set(span.spanContext().traceId, ids);
    }
    expect(traces.size).toBe(50);
    for (const ids of traces.values()) expect(ids.size).toBe(1);
    expect(t.spans()).toHaveLength(200);
  });

  it('never lets a tracing fault reach the app: every start failing, the turn still runs untraced', async () => {
    t = setupTracing();
    const broken = Object.create(t.agentspan) as typeof t.agentspan;
    const fault = () => {
      throw new Error('tracing bug');
    };
    for (const key of ['startAgent', 'startChat', 'startTool', 'startRetrieval', 'startMemory', 'startEmbeddings'] as const) {
      Object.assign(broken, { [key]: fault });
    }
    dispose = instrumentLlamaIndex({ agentspan: broken, provider });
    const index = await buildKnowledgeBase(S1);
    const turn = turnOf('tool_error');
    expect(await turn.memory.getLLM()).toHaveLength(2);
    expect(await index.asRetriever({ similarityTopK: 3 }).retrieve({ query: 'order' })).toHaveLength(3);
    const result = await turn.workflow.run(S1.userMessage);
    expect(result.data.result).toBe(S1.chat2.text);
    await turn.memory.add({ role: 'assistant', content: 'done' });
    expect(turn.block.records).toHaveLength(3);
    expect(t.spans()).toEqual([]);
    expect(unhandled).toEqual([]);
  });
});
