// S8 and S9 written with the OpenAI Agents SDK as a user would. S8: a supervisor Agent whose
// two tools each run a sub-agent (`agent.asTool()`: an agent used as another agent's tool). S9:
// the triage agent hands the conversation to the billing agent (a handoff whose tool the app
// names `handOff`, as LlamaIndex names its own); the Runner runs the whole turn.
import { S8, S9, type S1Fixture, TEAM_USAGE } from '@agentspan/conformance/runner';
import { Agent, OpenAIChatCompletionsModel, Runner, handoff } from '@openai/agents';
import { z } from 'zod';
import { type ScriptedReply, ScriptedOpenAIClient } from './scripted-openai-client.js';

/** OpenAI's Chat Completions model over a client answering its calls in order. */
function scriptedModel(f: S1Fixture, replies: readonly ScriptedReply[]): OpenAIChatCompletionsModel {
  const client = new ScriptedOpenAIClient({
    responseModel: f.responseModel,
    reply: (_request, call) => replies[Math.min(call, replies.length) - 1]!,
  });
  return new OpenAIChatCompletionsModel(client as never, f.requestModel);
}

const answer = (text: string): ScriptedReply => ({ text, usage: TEAM_USAGE, finishReason: 'stop' });
const call = (id: string, name: string, args: unknown): ScriptedReply => ({
  toolCalls: [{ id, name, arguments: args }],
  usage: TEAM_USAGE,
  finishReason: 'tool_calls',
});

/** S8: the supervisor; each of its tools runs a sub-agent. */
export async function runSupervisor(f: S1Fixture, prompt: string): Promise<string> {
  const tools = S8.subAgents.map((sub) =>
    new Agent({ name: sub.name, handoffDescription: sub.description, model: scriptedModel(f, [answer(sub.answer)]) }).asTool({
      toolName: sub.tool,
      toolDescription: sub.toolDescription,
    }),
  );
  const script = [...S8.subAgents.map((sub) => call(sub.callId, sub.tool, { input: sub.question })), answer(S8.finalText)];
  const supervisor = new Agent({ name: S8.supervisor.name, instructions: S8.supervisor.systemPrompt, model: scriptedModel(f, script), tools });
  return String((await new Runner().run(supervisor, prompt)).finalOutput);
}

/** S9: triage hands off to billing-agent, which answers. */
export async function runHandoff(f: S1Fixture, prompt: string): Promise<string> {
  const { handoff: h } = S9;
  const billing = new Agent({ name: S9.target.name, handoffDescription: S9.target.description, model: scriptedModel(f, [answer(S9.answer)]) });
  const triage = new Agent({
    name: S9.entry.name,
    handoffDescription: S9.entry.description,
    model: scriptedModel(f, [call(h.callId, h.tool, h.arguments)]),
    handoffs: [
      handoff(billing, {
        toolNameOverride: h.tool,
        inputType: z.object({ toAgent: z.string(), reason: z.string() }),
        onHandoff: () => {},
      }),
    ],
  });
  return String((await new Runner().run(triage, prompt)).finalOutput);
}
