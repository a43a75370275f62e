// Which chain runs are agents, under what name; and the turn's ids from run metadata.
import { type Bag, firstNumber, firstString } from './values.js';

// Where each value may be, in order of preference.
const KEYS_LC_AGENT_NAME = ['lc_agent_name'] as const;
const KEYS_CONVERSATION_ID = ['conversation_id', 'conversationId', 'thread_id', 'session_id'] as const;
const KEYS_USER_ID = ['user_id', 'userId'] as const;
const KEYS_GEN_AI_DATA_SOURCE_ID = ['gen_ai.data_source.id', 'data_source_id'] as const;
const KEYS_GEN_AI_RETRIEVAL_TOP_K = ['gen_ai.retrieval.top_k', 'top_k'] as const;

/** LangGraph's name for a graph nobody named. */
export const LANGGRAPH_DEFAULT_NAME = 'LangGraph';

export interface AgentIdentity {
  name: string;
  isDefaultName: boolean;
}

/**
 * A chain run is an agent when it is a LangGraph graph (createAgent, createReactAgent,
 * a compiled StateGraph), when it is the run `createAgent` names in `lc_agent_name`, or
 * when the user lists its name in `agentNames`.
 */
export function agentIdentity(
  runName: string | undefined,
  metadata: Bag | undefined,
  isGraph: boolean,
  agentNames: ReadonlySet<string>,
): AgentIdentity | undefined {
  const agentName = firstString(metadata, KEYS_LC_AGENT_NAME);
  const isNamedAgent = runName !== undefined && (runName === agentName || agentNames.has(runName));
  if (!isGraph && !isNamedAgent) return undefined;
  const name = runName ?? agentName ?? LANGGRAPH_DEFAULT_NAME;
  return { name, isDefaultName: name === LANGGRAPH_DEFAULT_NAME };
}

/** The conversation id in run metadata (LangGraph copies `configurable.thread_id` there). */
export function conversationIdOf(metadata: Bag | undefined): string | undefined {
  return firstString(metadata, KEYS_CONVERSATION_ID);
}

/** The user id in run metadata. */
export function userIdOf(metadata: Bag | undefined): string | undefined {
  return firstString(metadata, KEYS_USER_ID);
}

/** A retriever's data source id: its metadata, else its name. */
export function retrievalSourceId(metadata: Bag | undefined, name: string | undefined): string | undefined {
  return firstString(metadata, KEYS_GEN_AI_DATA_SOURCE_ID) ?? name;
}

/** A retriever's top_k, from its metadata. */
export function retrievalTopK(metadata: Bag | undefined): number | undefined {
  return firstNumber(metadata, KEYS_GEN_AI_RETRIEVAL_TOP_K);
}
