// The handler's edge cases that need a whole agent: turn ids from the context, merging,
// duplicate registration, other handlers, verbose mode, a model streamed directly.
import { S1 } from '@agentspan/conformance';
import { AgentspanCallbackHandler, registerAgentspanHandler } from '@agentspan/langchain';
import { BaseCallbackHandler } from '@langchain/core/callbacks/base';
import { tool } from '@langchain/core/tools';
import { context } from '@opentelemetry/api';
import { createAgent } from 'langchain';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { outline, spanTrees, testSdk } from '../../../packages/langchain/test/support/otel.js';
import { ScriptedChatModel } from '../src/scripted-chat-model.js';
import { buildSupportAgent, s1Script } from '../src/support-agent.js';
import { S1_OUTLINE } from './support/s1-outline.js';

const sdk = testSdk();
const names = () => sdk.exporter.getFinishedSpans().map((s) => s.name);
const turnConfig = (handler: BaseCallbackHandler | BaseCallbackHandler[]) => ({
  callbacks: Array.isArray(handler) ? handler : [handler],
  configurable: { thread_id: S1.conversationId },
  metadata: { user_id: S1.userId },
});
const input = { messages: [{ role: 'user', content: S1.userMessage }] };
const outlines = () => spanTrees(sdk.exporter.getFinishedSpans()).map((t) => outline(t));

afterEach(() => {
  sdk.exporter.reset();
});

describe('parenting', () => {
  it('takes the turn ids from the active context when the run config has none', async () => {
    const agentspan = sdk.agentspan();
    const agent = buildSupportAgent({ fixture: S1, userId: 'u-ctx', agentspan, script: s1Script(S1) });
    const ctx = agentspan.withTurn({ conversationId: 'conv-ctx', userId: 'u-ctx' });
    await context.with(ctx, () => agent.invoke(input, { callbacks: [new AgentspanCallbackHandler({ agentspan })] }));
    const spans = sdk.exporter.getFinishedSpans();
    expect(spans).toHaveLength(7);
    for (const s of spans) expect([s.attributes['gen_ai.conversation.id'], s.attributes['user.id']]).toEqual(['conv-ctx', 'u-ctx']);
  });

  it('merges the agent run into an enclosing agent helper of the same name', async () => {
    const agentspan = sdk.agentspan();
    const agent = buildSupportAgent({ fixture: S1, userId: S1.userId, agentspan, script: s1Script(S1) });
    await agentspan.agent({ name: S1.agentName }, () => agent.invoke(input, turnConfig(new AgentspanCallbackHandler({ agentspan }))));
    expect(outlines()).toEqual([S1_OUTLINE]);
  });

  it('a graph with only the default name merges into the enclosing agent; a sub-agent in a tool nests', async () => {
    const agentspan = sdk.agentspan();
    const reply = (text: string) => ({ text, usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 }, finishReason: 'stop' });
    const model = (script: ConstructorParameters<typeof ScriptedChatModel>[0]['script']) =>
      new ScriptedChatModel({ script, provider: 'openai', requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o-mini' });
    const researcher = createAgent({ model: model([reply('found it')]), tools: [], name: 'researcher' });
    const ask = tool(async () => JSON.stringify(await researcher.invoke({ messages: [{ role: 'user', content: 'q' }] })), {
      name: 'ask_researcher',
      description: 'asks',
      schema: z.object({}),
    });
    const unnamed = createAgent({
      model: model([
        { text: '', toolCalls: [{ id: 'c1', name: 'ask_researcher', args: {} }], usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 }, finishReason: 'tool_calls' },
        reply('done'),
      ]),
      tools: [ask],
    });
    await agentspan.agent({ name: 'planner' }, () => unnamed.invoke(input, { callbacks: [new AgentspanCallbackHandler({ agentspan })] }));
    expect(outlines()).toEqual([
      [
        'invoke_agent planner',
        '  chat gpt-4o-mini',
        '  execute_tool ask_researcher',
        '    invoke_agent researcher',
        '      chat gpt-4o-mini',
        '  chat gpt-4o-mini',
      ],
    ]);
    const planner = sdk.exporter.getFinishedSpans().find((s) => s.name === 'invoke_agent planner');
    expect(planner?.attributes['agentspan.llm.calls']).toBe(3);
  });
});

describe('duplicates', () => {
  it('the same handler registered twice in one call makes each span once', async () => {
    const agentspan = sdk.agentspan();
    const handler = new AgentspanCallbackHandler({ agentspan });
    const agent = buildSupportAgent({ fixture: S1, userId: S1.userId, agentspan, script: s1Script(S1) });
    await agent.invoke(input, turnConfig([handler, handler]));
    expect(outlines()).toEqual([S1_OUTLINE]);
  });

  it('two handler instances on one core instance make each span once', async () => {
    const agentspan = sdk.agentspan();
    const agent = buildSupportAgent({ fixture: S1, userId: S1.userId, agentspan, script: s1Script(S1) });
    await agent.invoke(input, turnConfig([new AgentspanCallbackHandler({ agentspan }), new AgentspanCallbackHandler({ agentspan })]));
    expect(outlines()).toEqual([S1_OUTLINE]);
  });

  it('registered globally and passed per call: each span once; global alone traces calls without callbacks', async () => {
    const agentspan = sdk.agentspan();
    const handler = registerAgentspanHandler({ agentspan });
    const agent = buildSupportAgent({ fixture: S1, userId: S1.userId, agentspan, script: s1Script(S1) });
    await agent.invoke(input, turnConfig(handler));
    expect(outlines()).toEqual([S1_OUTLINE]);
    sdk.exporter.reset();
    const again = buildSupportAgent({ fixture: S1, userId: S1.userId, agentspan, script: s1Script(S1) });
    await again.invoke(input, { configurable: { thread_id: S1.conversationId } });
    expect(outlines()).toEqual([S1_OUTLINE]);
  });
});

describe('robustness', () => {
  it('other handlers keep seeing every run, hidden plumbing included', async () => {
    const agentspan = sdk.agentspan();
    const seen: string[] = [];
    const recorder = BaseCallbackHandler.fromMethods({
      handleChainStart: (_c, _i, _r, _p, _t, _m, _rt, runName) => void seen.push(`chain:${runName}`),
      handleChatModelStart: () => void seen.push('chat'),
      handleToolStart: () => void seen.push('tool'),
      handleRetrieverStart: () => void seen.push('retriever'),
    });
    const agent = buildSupportAgent({ fixture: S1, userId: S1.userId, agentspan, script: s1Script(S1) });
    await agent.invoke(input, turnConfig([new AgentspanCallbackHandler({ agentspan }), recorder]));
    expect(seen).toEqual(
      expect.arrayContaining(['chain:support-agent', 'chain:model_request', 'chain:tools', 'chat', 'tool', 'retriever']),
    );
    expect(seen.filter((s) => s === 'chat')).toHaveLength(2);
  });
});

describe('verbose mode', () => {
  it('keeps plumbing as agentspan.framework spans, GenAI spans under them', async () => {
    const agentspan = sdk.agentspan();
    const agent = buildSupportAgent({ fixture: S1, userId: S1.userId, agentspan, script: s1Script(S1) });
    await agent.invoke(input, turnConfig(new AgentspanCallbackHandler({ agentspan, verbose: true })));
    const all = names();
    expect(all).toEqual(expect.arrayContaining(['model_request', 'tools', 'memory-and-knowledge.before_agent']));
    const modelRequest = sdk.exporter.getFinishedSpans().find((s) => s.name === 'model_request');
    expect(modelRequest?.attributes['agentspan.framework']).toBe('chain');
    const chat = sdk.exporter.getFinishedSpans().find((s) => s.name === 'chat gpt-4o-mini');
    const parent = sdk.exporter.getFinishedSpans().find((s) => s.spanContext().spanId === chat?.parentSpanContext?.spanId);
    expect(parent?.name).toBe('model_request');
  });
});

describe('streaming a model directly', () => {
  it('model.stream(): the chat span ends when the stream is consumed, with time to first chunk', async () => {
    const agentspan = sdk.agentspan();
    const model = new ScriptedChatModel({
      script: [{ text: 'a b c', chunks: ['a ', 'b ', 'c'], usage: { input_tokens: 3, output_tokens: 3, total_tokens: 6 }, finishReason: 'stop' }],
      provider: 'openai',
      requestModel: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
    });
    const stream = await model.stream('hi', { callbacks: [new AgentspanCallbackHandler({ agentspan })] });
    expect(sdk.exporter.getFinishedSpans()).toHaveLength(0);
    let text = '';
    for await (const chunk of stream) text += chunk.content;
    expect(text).toBe('a b c');
    const [span] = sdk.exporter.getFinishedSpans();
    expect(span?.attributes['gen_ai.request.stream']).toBe(true);
    expect(span?.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThan(0);
    expect(span?.attributes['gen_ai.usage.output_tokens']).toBe(3);
  });
});
