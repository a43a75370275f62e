// S7, S8 and S9 written with LlamaIndex as a user would. S8: a supervisor agent() whose two tools
// each run a sub-agent agent() (an agent used as another agent's tool). S9: multiAgent() with
// the triage agent allowed to hand off to the billing agent (LlamaIndex's own `handOff` tool).
import { S7, S8, S9, type S1Fixture, TEAM_USAGE, type TurnRequest } from '@agentspan/conformance/runner';
import { callTool as runToolCall } from '@llamaindex/core/agent';
import type { ChatMessage, ToolCall } from '@llamaindex/core/llms';
import { MetadataMode } from '@llamaindex/core/schema';
import { tool } from '@llamaindex/core/tools';
import { extractText } from '@llamaindex/core/utils';
import { z } from '@llamaindex/core/zod';
import { agent, createWorkflow, multiAgent, workflowEvent } from '@llamaindex/workflow';
import type { VectorStoreIndex } from 'llamaindex';
import { traceWorkflow } from '@agentspan/llamaindex';
import { createSupportTurn } from './support-app.js';
import { type ScriptStep, ScriptedLLM } from './scripted-llm.js';

function llm(f: S1Fixture, steps: ScriptStep[]): ScriptedLLM {
  return new ScriptedLLM({ model: f.requestModel, responseModel: f.responseModel, steps });
}

function answer(text: string): ScriptStep {
  return { kind: 'answer', chunks: [text], usage: TEAM_USAGE, finishReason: 'stop', chunkDelayMs: 0 };
}

function callTool(id: string, name: string, args: Record<string, string>): ScriptStep {
  return { kind: 'tool_call', id, name, arguments: args, usage: TEAM_USAGE, finishReason: 'tool_calls' };
}

/** S8: the supervisor; each tool runs its sub-agent. */
export async function runSupervisor(f: S1Fixture, prompt: string): Promise<string> {
  const tools = S8.subAgents.map((sub) => {
    const subAgent = agent({ name: sub.name, description: sub.description, llm: llm(f, [answer(sub.answer)]), tools: [] });
    return tool({
      name: sub.tool,
      description: sub.toolDescription,
      parameters: z.object({ question: z.string() }),
      execute: async ({ question }) => String((await subAgent.run(question)).data.result),
    });
  });
  const steps = [...S8.subAgents.map((sub) => callTool(sub.callId, sub.tool, { question: sub.question })), answer(S8.finalText)];
  const supervisor = agent({ name: S8.supervisor.name, llm: llm(f, steps), tools, systemPrompt: S8.supervisor.systemPrompt });
  return String((await supervisor.run(prompt)).data.result);
}

/** S9: triage hands off to billing-agent; the framework runs the turn. */
export async function runHandoff(f: S1Fixture, prompt: string): Promise<string> {
  const { handoff } = S9;
  const triage = agent({
    name: S9.entry.name,
    description: S9.entry.description,
    llm: llm(f, [callTool(handoff.callId, handoff.tool, { ...handoff.arguments })]),
    tools: [],
    canHandoffTo: [S9.target.name],
  });
  const billing = agent({ name: S9.target.name, description: S9.target.description, llm: llm(f, [answer(S9.answer)]), tools: [] });
  const desk = multiAgent({ agents: [triage, billing], rootAgent: triage });
  return String((await desk.run(prompt)).data.result);
}

/**
 * S7: the S1 steps as a workflow of @llamaindex/workflow-core, run on its own (a context, a
 * start event, the stream read until the stop event), marked once with traceWorkflow: memory
 * and knowledge in the first step, the model and its tool call in the second, the memory
 * write in the last. Nothing of the application around it.
 */
export async function runWorkflowTurn(index: VectorStoreIndex, turn: TurnRequest): Promise<string> {
  const f = turn.fixture;
  const t = createSupportTurn({ variant: 'ok', fixture: f });
  const lookupOrder = tool({
    name: f.tool.name,
    description: f.tool.description,
    parameters: z.object({ orderId: z.string() }),
    execute: async () => ({ ...f.tool.result }),
  });
  const start = workflowEvent<string>();
  const ask = workflowEvent<ChatMessage[]>();
  const answered = workflowEvent<string>();
  const stop = workflowEvent<string>();
  const workflow = traceWorkflow(createWorkflow(), { name: S7.workflowName, stop, llms: [t.llm], tools: [lookupOrder] });
  workflow.handle([start], async (_context, event) => {
    const history = await t.memory.getLLM();
    const nodes = await index.asRetriever({ similarityTopK: f.retrieval.topK }).retrieve({ query: event.data });
    const knowledge = nodes.map((n) => n.node.getContent(MetadataMode.NONE)).join('\n');
    return ask.with([...history, { role: 'system', content: `${f.systemPrompt}\n${knowledge}` }, { role: 'user', content: event.data }]);
  });
  workflow.handle([ask], async (_context, event) => {
    const messages = [...event.data];
    const first = await t.llm.chat({ messages, tools: [lookupOrder] });
    messages.push(first.message);
    const options = first.message.options as { toolCall?: ToolCall[] } | undefined;
    for (const call of options?.toolCall ?? []) {
      const output = await runToolCall(lookupOrder, call, console);
      messages.push({ role: 'user', content: String(output.output), options: { toolResult: { id: call.id, result: String(output.output), isError: output.isError } } });
    }
    const second = await t.llm.chat({ messages });
    return answered.with(extractText(second.message.content));
  });
  workflow.handle([answered], async (_context, event) => {
    await t.memory.add({ role: 'assistant', content: f.memory.written.content });
    return stop.with(event.data);
  });
  const { stream, sendEvent } = workflow.createContext();
  sendEvent(start.with(turn.userMessage));
  const events = await stream.until(stop).toArray();
  return String(events.at(-1)?.data ?? '');
}
