// S8 and S9 written with LlamaIndex as a user would. S8: a supervisor agent() whose two tools
// each run a sub-agent agent() (an agent used as another agent's tool). S9: multiAgent() with
// the triage agent allowed to hand off to the billing agent (LlamaIndex's own `handOff` tool).
import { S8, S9, type S1Fixture, TEAM_USAGE } from '@agentspan/conformance/runner';
import { tool } from '@llamaindex/core/tools';
import { z } from '@llamaindex/core/zod';
import { agent, multiAgent } from '@llamaindex/workflow';
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
