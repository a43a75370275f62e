// The turns of S7-S9 written with LangChain / LangGraph as a user would: S7 the S1 steps as
// a RunnableSequence of RunnableLambdas (no createAgent, nothing around it); S8 a supervisor
// createAgent whose two tools each run a sub-agent createAgent; S9 a LangGraph swarm
// (@langchain/langgraph-swarm) whose triage agent hands off with a Command-returning tool.
import type { Agentspan } from '@agentspan/core';
import { S7, S8, S9, type S1Fixture, TEAM_USAGE } from '@agentspan/conformance/runner';
import { Document } from '@langchain/core/documents';
import { type AIMessage, type BaseMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';
import { tool } from '@langchain/core/tools';
import { Command, InMemoryStore, getCurrentTaskInput } from '@langchain/langgraph';
import { createReactAgent } from '@langchain/langgraph/prebuilt';
import { createSwarm } from '@langchain/langgraph-swarm';
import { createAgent } from 'langchain';
import { z } from 'zod';
import { traceStore } from '@agentspan/langchain';
import { ScriptedChatModel, type ScriptStep } from './scripted-chat-model.js';
import { KnowledgeBaseRetriever, s1Script } from './support-agent.js';

const teamUsage = {
  input_tokens: TEAM_USAGE.inputTokens,
  output_tokens: TEAM_USAGE.outputTokens,
  total_tokens: TEAM_USAGE.inputTokens + TEAM_USAGE.outputTokens,
};

function model(fixture: S1Fixture, script: readonly ScriptStep[]): ScriptedChatModel {
  return new ScriptedChatModel({ script, provider: fixture.provider, requestModel: fixture.requestModel, responseModel: fixture.responseModel });
}

function answer(text: string): ScriptStep {
  return { text, usage: teamUsage, finishReason: 'stop' };
}

function callTool(id: string, name: string, args: Record<string, unknown>): ScriptStep {
  return { text: '', toolCalls: [{ id, name, args }], usage: teamUsage, finishReason: 'tool_calls' };
}

/** S7: the S1 steps in a RunnableSequence named `support-turn`; nothing wraps it. */
export function buildSupportSequence(fixture: S1Fixture, agentspan: Agentspan, userId: string) {
  const namespace = [fixture.memory.storeId, userId];
  const memory = new InMemoryStore();
  const seeded = Promise.all(fixture.memory.records.map((r) => memory.put(namespace, r.id, { content: r.content })));
  const store = traceStore(memory, { storeId: fixture.memory.storeId, agentspan });
  const retriever = new KnowledgeBaseRetriever(
    fixture.retrieval.documents.map((d) => new Document({ id: d.id, pageContent: d.content })),
    fixture.retrieval.topK,
    { metadata: { 'gen_ai.data_source.id': fixture.retrieval.dataSourceId, 'gen_ai.retrieval.top_k': fixture.retrieval.topK } },
  );
  const lookupOrder = tool(async () => JSON.stringify(fixture.tool.result), {
    name: fixture.tool.name,
    description: fixture.tool.description,
    schema: z.object({ orderId: z.string() }),
  });
  const llm = model(fixture, s1Script(fixture));

  interface Turn {
    question: string;
    messages: BaseMessage[];
  }
  return RunnableSequence.from<{ question: string }, string>([
    RunnableLambda.from(async ({ question }: { question: string }): Promise<Turn> => {
      await seeded;
      const history = await store.search(namespace);
      const documents = await retriever.invoke(question);
      const context = [...history.map((h) => String(h.value.content)), ...documents.map((d) => d.pageContent)].join('\n');
      return { question, messages: [new SystemMessage(`${fixture.systemPrompt}\n${context}`), new HumanMessage(question)] };
    }),
    RunnableLambda.from(async (turn: Turn): Promise<Turn> => {
      const call = (await llm.invoke(turn.messages)) as AIMessage;
      const results: BaseMessage[] = [];
      for (const toolCall of call.tool_calls ?? []) results.push((await lookupOrder.invoke({ ...toolCall, type: 'tool_call' })) as ToolMessage);
      return { ...turn, messages: [...turn.messages, call, ...results] };
    }),
    RunnableLambda.from(async (turn: Turn): Promise<string> => {
      const reply = await llm.invoke(turn.messages);
      await store.put(namespace, fixture.memory.written.id, { content: fixture.memory.written.content });
      return String(reply.content);
    }),
  ]).withConfig({ runName: S7.workflowName });
}

/** S8: the supervisor createAgent; each of its tools runs a sub-agent createAgent. */
export function buildSupervisor(fixture: S1Fixture) {
  const askTools = S8.subAgents.map((sub) => {
    const subAgent = createAgent({ model: model(fixture, [answer(sub.answer)]), tools: [], name: sub.name, description: sub.description });
    return tool(
      async ({ question }: { question: string }) => {
        const result = await subAgent.invoke({ messages: [new HumanMessage(question)] });
        return String(result.messages.at(-1)?.content ?? '');
      },
      { name: sub.tool, description: sub.toolDescription, schema: z.object({ question: z.string() }) },
    );
  });
  const script = [
    ...S8.subAgents.map((sub) => callTool(sub.callId, sub.tool, { question: sub.question })),
    answer(S8.finalText),
  ];
  return createAgent({ model: model(fixture, script), tools: askTools, name: S8.supervisor.name, systemPrompt: S8.supervisor.systemPrompt });
}

/** S9: a swarm; triage hands off to billing-agent with its `handOff` tool (a LangGraph Command). */
export function buildSwarm(fixture: S1Fixture) {
  const { handoff, target } = S9;
  const handOff = tool(
    async (_args, config) => {
      const state = getCurrentTaskInput<{ messages: BaseMessage[] }>();
      const message = new ToolMessage({ content: `Transferred to ${target.name}`, name: handoff.tool, tool_call_id: config.toolCall?.id ?? '' });
      return new Command({ goto: target.name, graph: Command.PARENT, update: { messages: [...state.messages, message], activeAgent: target.name } });
    },
    { name: handoff.tool, description: 'Hands the conversation to another agent.', schema: z.object({ toAgent: z.string(), reason: z.string() }) },
  );
  // What createSwarm reads to declare where an agent may hand off to.
  handOff.metadata = { __handoff_destination: target.name };
  const triage = createReactAgent({
    llm: model(fixture, [callTool(handoff.callId, handoff.tool, { ...handoff.arguments })]),
    tools: [handOff],
    name: S9.entry.name,
  });
  const billing = createReactAgent({ llm: model(fixture, [answer(S9.answer)]), tools: [], name: target.name });
  return createSwarm({ agents: [triage, billing], defaultActiveAgent: S9.entry.name }).compile();
}

