// One trace per turn, whatever the LangChain entry point (issue 18): with nothing active, the
// outermost run is the turn's root; with a root there already, nothing changes.
import { S1, S8 } from '@agentspan/conformance';
import { Document } from '@langchain/core/documents';
import { HumanMessage } from '@langchain/core/messages';
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';
import { Annotation, StateGraph } from '@langchain/langgraph';
import { createSupervisor } from '@langchain/langgraph-supervisor';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { context, trace } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { AgentspanCallbackHandler } from '@agentspan/langchain';
import { outline, spanTrees, testSdk } from '../../../packages/langchain/test/support/otel.js';
import { ScriptedChatModel, type ScriptStep } from '../src/scripted-chat-model.js';
import { KnowledgeBaseRetriever, buildSupportAgent, s1Script } from '../src/support-agent.js';
import { buildSupportSequence } from '../src/team.js';

const sdk = testSdk();
const usage = { input_tokens: 1, output_tokens: 1, total_tokens: 2 };

function model(script: ScriptStep[]): ScriptedChatModel {
  return new ScriptedChatModel({ script, provider: 'openai', requestModel: 'gpt-4o-mini', responseModel: 'gpt-4o-mini' });
}

function trees(): string[][] {
  return spanTrees(sdk.exporter.getFinishedSpans()).map((t) => outline(t));
}

const S1_STEPS = ['search_memory', 'retrieval kb-policies', 'chat gpt-4o-mini', 'execute_tool lookup_order', 'chat gpt-4o-mini', 'upsert_memory'];

beforeEach(() => sdk.exporter.reset());

describe('one trace per turn through LangChain', () => {
  it('a RunnableSequence with nothing around it: one trace, invoke_workflow {name} with the turn ids and rollups', async () => {
    const agentspan = sdk.agentspan();
    const sequence = buildSupportSequence(S1, agentspan, S1.userId);
    await sequence.invoke({ question: S1.userMessage }, { callbacks: [new AgentspanCallbackHandler({ agentspan })], metadata: { conversation_id: 'c-1', user_id: 'u-1' } });
    expect(trees()).toEqual([['invoke_workflow support-turn', ...S1_STEPS.map((s) => `  ${s}`)]]);
    const root = sdk.exporter.getFinishedSpans().find((s) => s.name === 'invoke_workflow support-turn');
    expect(root?.attributes).toMatchObject({ 'gen_ai.conversation.id': 'c-1', 'user.id': 'u-1', 'agentspan.llm.calls': 2, 'agentspan.tool.calls': 1 });
    for (const span of sdk.exporter.getFinishedSpans()) expect(span.attributes['gen_ai.conversation.id'], span.name).toBe('c-1');
  });

  it('the same sequence inside the core agent helper, or under a span of the application: no second root', async () => {
    const agentspan = sdk.agentspan();
    const handler = new AgentspanCallbackHandler({ agentspan });
    await agentspan.agent({ name: 'support-agent' }, () =>
      buildSupportSequence(S1, agentspan, S1.userId).invoke({ question: S1.userMessage }, { callbacks: [handler] }),
    );
    const server = sdk.provider.getTracer('app').startSpan('POST /chat');
    await context.with(trace.setSpan(context.active(), server), () =>
      buildSupportSequence(S1, agentspan, S1.userId).invoke({ question: S1.userMessage }, { callbacks: [handler] }),
    );
    server.end();
    expect(trees().sort()).toEqual(
      [['POST /chat', ...S1_STEPS.map((s) => `  ${s}`)], ['invoke_agent support-agent', ...S1_STEPS.map((s) => `  ${s}`)]].sort(),
    );
  });

  it('createAgent inside a RunnableLambda after a retriever: the retrieval is in the same trace, under the workflow', async () => {
    const agentspan = sdk.agentspan();
    const retriever = new KnowledgeBaseRetriever([new Document({ pageContent: 'a' })], 1, { metadata: { 'gen_ai.data_source.id': 'kb' } });
    const agent = buildSupportAgent({ fixture: S1, userId: S1.userId, agentspan, script: s1Script(S1) });
    const turn = RunnableSequence.from([
      RunnableLambda.from(async (q: string) => ({ q, docs: await retriever.invoke(q) })),
      RunnableLambda.from(async ({ q }: { q: string }) => agent.invoke({ messages: [new HumanMessage(q)] })),
    ]).withConfig({ runName: 'agent_turn' });
    await turn.invoke(S1.userMessage, { callbacks: [new AgentspanCallbackHandler({ agentspan })] });
    const [tree, ...others] = trees();
    expect(others).toEqual([]);
    expect(tree?.slice(0, 3)).toEqual(['invoke_workflow agent_turn', '  retrieval kb', '  invoke_agent support-agent']);
  });

  it('a LangGraph StateGraph (the application drives it): invoke_workflow {name}; a named agent inside is invoke_agent', async () => {
    const agentspan = sdk.agentspan();
    const State = Annotation.Root({ text: Annotation<string> });
    const llm = model([{ text: 'hi', usage, finishReason: 'stop' }]);
    const inner = createReactAgent({ llm, tools: [], name: 'writer' });
    const graph = new StateGraph(State)
      .addNode('draft', async () => ({ text: String((await inner.invoke({ messages: [new HumanMessage('x')] })).messages.at(-1)?.content) }))
      .addEdge('__start__', 'draft')
      .compile({ name: 'pipeline' });
    await graph.invoke({ text: '' }, { callbacks: [new AgentspanCallbackHandler({ agentspan })] });
    expect(trees()).toEqual([['invoke_workflow pipeline', '  invoke_agent writer', '    chat gpt-4o-mini']]);
  });

  it('createSupervisor: handle_conversation_turn over the supervisor and the agent it hands off to, one trace', async () => {
    const agentspan = sdk.agentspan();
    const [billing] = S8.subAgents;
    const worker = createReactAgent({ llm: model([{ text: billing.answer, usage, finishReason: 'stop' }]), tools: [], name: billing.name });
    const supervisorModel = model([
      { text: '', toolCalls: [{ id: 'h1', name: `transfer_to_${billing.name}`, args: {} }], usage, finishReason: 'tool_calls' },
      { text: S8.finalText, usage, finishReason: 'stop' },
    ]);
    const app = createSupervisor({ agents: [worker], llm: supervisorModel }).compile();
    await app.invoke({ messages: [new HumanMessage(S8.userMessage)] }, { callbacks: [new AgentspanCallbackHandler({ agentspan })] });
    const all = trees();
    expect(all).toHaveLength(1);
    expect(all[0]?.[0]).toBe('handle_conversation_turn supervisor');
    expect(all[0]?.filter((line) => /^ {2}\S/.test(line))).toEqual(['  invoke_agent supervisor', '  invoke_agent billing-agent', '  invoke_agent supervisor']);
  });
});
