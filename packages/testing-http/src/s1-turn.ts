// The S1 turn as it hangs under a request's HTTP server span, in a shape a test compares
// with toEqual (a diff shows what is missing or misplaced).
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { childrenOf } from './otel.js';

/** The invoke_agent span's children in S1, in start order. */
export const S1_CHILDREN = ['search_memory', 'retrieval kb-policies', 'chat gpt-4o-mini', 'execute_tool lookup_order', 'chat gpt-4o-mini', 'upsert_memory'];

export interface TurnUnderServer {
  /** Names of the server span's children. */
  underServer: string[];
  /** Names of the first child's children. */
  underAgent: string[];
  /** [conversation id, user id] of the server span, the agent span and its children. */
  ids: Array<[unknown, unknown]>;
}

export function turnUnder(spans: readonly ReadableSpan[], server: ReadableSpan): TurnUnderServer {
  const [agent, ...others] = childrenOf(spans, server);
  const underAgent = agent ? childrenOf(spans, agent) : [];
  const traced = agent ? [server, agent, ...underAgent] : [server];
  return {
    underServer: [agent, ...others].filter((s) => s !== undefined).map((s) => s.name),
    underAgent: underAgent.map((s) => s.name),
    ids: traced.map((s) => [s.attributes['gen_ai.conversation.id'], s.attributes['user.id']]),
  };
}

/** What `turnUnder` gives for a complete S1 turn with these ids. */
export function expectedS1Turn(conversationId: string, userId: string): TurnUnderServer {
  return {
    underServer: ['invoke_agent support-agent'],
    underAgent: [...S1_CHILDREN],
    ids: Array.from({ length: S1_CHILDREN.length + 2 }, () => [conversationId, userId] as [unknown, unknown]),
  };
}
