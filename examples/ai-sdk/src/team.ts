// S8 and S9 written with the AI SDK as a user would. S8: a supervisor ToolLoopAgent whose two
// tools each run a sub-agent ToolLoopAgent (an agent used as another agent's tool). S9: the AI
// SDK has no handoff of its own, so the application orchestrates it: the triage agent stops at
// its `handOff` tool call, then the application runs the agent it named; the application is
// the entry point of the turn and opens it with the core's conversation-turn operation.
import type { LanguageModelV4GenerateResult } from '@ai-sdk/provider';
import type { Agentspan } from '@agentspan/core';
import { S8, S9, type S1Fixture, TEAM_USAGE } from '@agentspan/conformance/runner';
import { ToolLoopAgent, hasToolCall, stepCountIs, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { z } from 'zod';
import { PROVIDER_ID, v4Usage } from './fixture-model.js';
import { integrationFor } from './support-agent.js';

type Reply = { toolCall: { id: string; name: string; args: Record<string, unknown> } } | { text: string };

/** A model that answers its calls from a script, in order, with the team's usage each time. */
function scriptedModel(f: S1Fixture, replies: readonly Reply[]): MockLanguageModelV4 {
  let calls = 0;
  return new MockLanguageModelV4({
    provider: PROVIDER_ID,
    modelId: f.requestModel,
    doGenerate: async (): Promise<LanguageModelV4GenerateResult> => {
      const reply = replies[Math.min(calls++, replies.length - 1)]!;
      const base = { usage: v4Usage(TEAM_USAGE), warnings: [], response: { id: `chatcmpl-${calls}`, modelId: f.responseModel } };
      if ('text' in reply) return { ...base, content: [{ type: 'text', text: reply.text }], finishReason: { unified: 'stop', raw: 'stop' } };
      const { id, name, args } = reply.toolCall;
      return {
        ...base,
        content: [{ type: 'tool-call', toolCallId: id, toolName: name, input: JSON.stringify(args) }],
        finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
      };
    },
  });
}

function telemetry(as: Agentspan, functionId: string) {
  return { functionId, integrations: [integrationFor(as)] };
}

/** S8: the supervisor and its two sub-agents, each behind one of its tools. */
export async function runSupervisor(f: S1Fixture, as: Agentspan, prompt: string): Promise<string> {
  const tools = Object.fromEntries(
    S8.subAgents.map((sub) => {
      const agent = new ToolLoopAgent({ model: scriptedModel(f, [{ text: sub.answer }]), telemetry: telemetry(as, sub.name), maxRetries: 0 });
      const ask = tool({
        description: sub.toolDescription,
        inputSchema: z.object({ question: z.string() }),
        execute: async ({ question }) => (await agent.generate({ prompt: question })).text,
      });
      return [sub.tool, ask];
    }),
  );
  const script: Reply[] = [
    ...S8.subAgents.map((sub) => ({ toolCall: { id: sub.callId, name: sub.tool, args: { question: sub.question } } })),
    { text: S8.finalText },
  ];
  const supervisor = new ToolLoopAgent({
    model: scriptedModel(f, script),
    instructions: S8.supervisor.systemPrompt,
    tools,
    stopWhen: stepCountIs(5),
    maxRetries: 0,
    telemetry: telemetry(as, S8.supervisor.name),
  });
  return (await supervisor.generate({ prompt })).text;
}

/** S9: triage hands off with `handOff`; the application runs the agent it named. */
export function runHandoff(f: S1Fixture, as: Agentspan, prompt: string): Promise<string> {
  const { handoff } = S9;
  return as.agent({ name: S9.entry.name, operation: 'handle_conversation_turn' }, async () => {
    const handOff = tool({
      description: 'Hands the conversation to another agent.',
      inputSchema: z.object({ toAgent: z.string(), reason: z.string() }),
      execute: async ({ toAgent }) => `Transferred to ${toAgent}`,
    });
    const triage = new ToolLoopAgent({
      model: scriptedModel(f, [{ toolCall: { id: handoff.callId, name: handoff.tool, args: { ...handoff.arguments } } }]),
      tools: { [handoff.tool]: handOff },
      stopWhen: hasToolCall(handoff.tool),
      maxRetries: 0,
      telemetry: telemetry(as, S9.entry.name),
    });
    const routed = await triage.generate({ prompt });
    const next = routed.toolCalls.find((call) => call.toolName === handoff.tool)?.input as { toAgent?: string } | undefined;
    const target = new ToolLoopAgent({ model: scriptedModel(f, [{ text: S9.answer }]), maxRetries: 0, telemetry: telemetry(as, next?.toAgent ?? S9.target.name) });
    return (await target.generate({ prompt })).text;
  });
}
