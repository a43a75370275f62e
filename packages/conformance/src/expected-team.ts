// The expected normalised trees of S8 (a supervisor with two sub-agents) and S9 (a handoff),
// built from the team fixture. Every model call reports TEAM_USAGE, priced with FIXTURE_PRICES.
import type { AttributeValue } from '@opentelemetry/api';
import { S1 } from './fixture.js';
import { S1_IDS, type TurnIds, idAttributes, span } from './expected.js';
import type { NormalizedSpan } from './normalized-span.js';
import { S8, S9, TEAM_USAGE } from './team-fixture.js';

type Attrs = Record<string, AttributeValue>;

/** One team model call: 100 × 0.15 + 10 × 0.60 per 1M tokens. */
export const TEAM_CHAT_COST_USD = 0.000021;

function teamChat(ids: TurnIds, finish: 'tool_call' | 'stop'): NormalizedSpan {
  return span(`chat ${S1.requestModel}`, 'CLIENT', {
    ...idAttributes(ids),
    'gen_ai.operation.name': 'chat',
    'gen_ai.provider.name': S1.provider,
    'gen_ai.request.model': S1.requestModel,
    'gen_ai.response.model': S1.responseModel,
    'gen_ai.usage.input_tokens': TEAM_USAGE.inputTokens,
    'gen_ai.usage.output_tokens': TEAM_USAGE.outputTokens,
    'gen_ai.response.finish_reasons': [finish],
    'agentspan.cost.usd': TEAM_CHAT_COST_USD,
  });
}

function rollups(llmCalls: number, toolCalls: number): Attrs {
  return {
    'gen_ai.usage.input_tokens': TEAM_USAGE.inputTokens * llmCalls,
    'gen_ai.usage.output_tokens': TEAM_USAGE.outputTokens * llmCalls,
    'agentspan.cost.usd': Math.round(TEAM_CHAT_COST_USD * llmCalls * 1e12) / 1e12,
    'agentspan.llm.calls': llmCalls,
    'agentspan.tool.calls': toolCalls,
  };
}

function invocation(
  operation: 'invoke_agent' | 'handle_conversation_turn',
  name: string,
  ids: TurnIds,
  totals: Attrs,
  children: NormalizedSpan[],
): NormalizedSpan {
  return span(
    `${operation} ${name}`,
    'INTERNAL',
    { ...idAttributes(ids), 'gen_ai.operation.name': operation, 'gen_ai.agent.name': name, ...totals },
    { children },
  );
}

function toolSpan(ids: TurnIds, name: string, callId: string, agentName: string, children: NormalizedSpan[] = []): NormalizedSpan {
  return span(
    `execute_tool ${name}`,
    'INTERNAL',
    {
      ...idAttributes(ids),
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': name,
      'gen_ai.tool.call.id': callId,
      'gen_ai.tool.type': 'function',
      'gen_ai.agent.name': agentName,
    },
    { children },
  );
}

/**
 * S8: the supervisor's invoke_agent is the root; each sub-agent is an invoke_agent under the
 * execute_tool that ran it. Rollups count every call of the subtree once (supervisor: 5 model
 * calls, 2 tool calls; each sub-agent: its own call).
 */
export function expectedS8(ids: TurnIds = S1_IDS): NormalizedSpan {
  const supervisor = S8.supervisor.name;
  const [billing, shipping] = S8.subAgents;
  const subAgent = (agent: typeof billing) =>
    toolSpan(ids, agent.tool, agent.callId, supervisor, [
      invocation('invoke_agent', agent.name, ids, rollups(1, 0), [teamChat(ids, 'stop')]),
    ]);
  return invocation('invoke_agent', supervisor, ids, rollups(5, 2), [
    teamChat(ids, 'tool_call'),
    subAgent(billing),
    teamChat(ids, 'tool_call'),
    subAgent(shipping),
    teamChat(ids, 'stop'),
  ]);
}

/**
 * S9: the framework entry point that runs the turn is its root, `handle_conversation_turn
 * {entry agent}`; the two agents are its children, peers: the entry agent with its model
 * call and the handoff tool, then the agent it handed off to.
 */
export function expectedS9(ids: TurnIds = S1_IDS): NormalizedSpan {
  const entry = S9.entry.name;
  return invocation('handle_conversation_turn', entry, ids, rollups(2, 1), [
    invocation('invoke_agent', entry, ids, rollups(1, 1), [
      teamChat(ids, 'tool_call'),
      toolSpan(ids, S9.handoff.tool, S9.handoff.callId, entry),
    ]),
    invocation('invoke_agent', S9.target.name, ids, rollups(1, 0), [teamChat(ids, 'stop')]),
  ]);
}
