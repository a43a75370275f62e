// S8 and S9 written by hand with @agentspan/core's manual API, as an application that
// orchestrates its own agents would: every model call a `chat`, each sub-agent an `agent`
// inside the supervisor's `tool`; the handoff turn opened with the conversation-turn
// operation (the application is the orchestrator). The models are scripted from the team
// fixture.
import type { Agentspan, ChatResult } from '@agentspan/core';
import { S1 } from '../fixture.js';
import { S8, S9, TEAM_USAGE } from '../team-fixture.js';

const usage = { prompt_tokens: TEAM_USAGE.inputTokens, completion_tokens: TEAM_USAGE.outputTokens };

/** One scripted model call: tool calls (finish `tool_calls`) or an answer (`stop`). */
function modelCall(as: Agentspan, toolCalls: number): Promise<void> {
  const result: ChatResult = {
    responseModel: S1.responseModel,
    usage,
    finishReasons: [toolCalls > 0 ? 'tool_calls' : 'stop'],
    toolCallCount: toolCalls,
  };
  return as.chat({ provider: S1.provider, requestModel: S1.requestModel }, async () => undefined, () => result);
}

/** S8: the supervisor asks each sub-agent through a tool, then answers. */
export async function runSupervisorTurn(as: Agentspan): Promise<void> {
  await as.agent({ name: S8.supervisor.name }, async () => {
    for (const sub of S8.subAgents) {
      await modelCall(as, 1);
      await as.tool({ name: sub.tool, callId: sub.callId, description: sub.toolDescription, arguments: { question: sub.question } }, () =>
        as.agent({ name: sub.name, description: sub.description }, async () => {
          await modelCall(as, 0);
          return sub.answer;
        }),
      );
    }
    await modelCall(as, 0);
  });
}

/** S9: the entry agent hands off; the application runs the agent it handed off to. */
export async function runHandoffTurn(as: Agentspan): Promise<void> {
  await as.agent({ name: S9.entry.name, operation: 'handle_conversation_turn' }, async () => {
    const next = await as.agent({ name: S9.entry.name, description: S9.entry.description }, async () => {
      await modelCall(as, 1);
      return as.tool(
        { name: S9.handoff.tool, callId: S9.handoff.callId, arguments: S9.handoff.arguments },
        async () => S9.handoff.arguments.toAgent,
      );
    });
    await as.agent({ name: next, description: S9.target.description }, () => modelCall(as, 0));
  });
}
