// Which chain runs are agents, under what name; and the turn's ids from run metadata.
import type { TurnIdentity } from '@agentspan/core';
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

/** Conversation and user ids from run metadata (LangGraph copies `configurable.thread_id` there). */
export function turnIdentity(metadata: Bag | undefined): TurnIdentity {
  return {
    conversationId: firstString(metadata, KEYS_CONVERSATION_ID),
    userId: firstString(metadata, KEYS_USER_ID),
  };
}

/** Where a retriever's data source id and top_k come from: the retriever's metadata, else its name. */
export function retrievalSource(metadata: Bag | undefined, name: string | undefined): { dataSourceId?: string; topK?: number } {
  const dataSourceId = firstString(metadata, KEYS_GEN_AI_DATA_SOURCE_ID) ?? name;
  const topK = firstNumber(metadata, KEYS_GEN_AI_RETRIEVAL_TOP_K);
  return { ...(dataSourceId ? { dataSourceId } : {}), ...(topK !== undefined ? { topK } : {}) };
}
