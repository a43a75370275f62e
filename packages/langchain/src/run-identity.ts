// Which chain runs are agents, under what name; and the turn's ids from run metadata.
import { type Bag, numberOf, stringOf } from './values.js';

// Each value is read from its keys in order of preference, one named read per key: these
// run on every callback, and a loop of keyed reads over many metadata shapes is a
// megamorphic lookup per read.

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
  const agentName = stringOf(metadata?.lc_agent_name);
  const isNamedAgent = runName !== undefined && (runName === agentName || agentNames.has(runName));
  if (!isGraph && !isNamedAgent) return undefined;
  const name = runName ?? agentName ?? LANGGRAPH_DEFAULT_NAME;
  return { name, isDefaultName: name === LANGGRAPH_DEFAULT_NAME };
}

/** The conversation id in run metadata (LangGraph copies `configurable.thread_id` there). */
export function conversationIdOf(metadata: Bag | undefined): string | undefined {
  if (!metadata) return undefined;
  return (
    stringOf(metadata.conversation_id) ??
    stringOf(metadata.conversationId) ??
    stringOf(metadata.thread_id) ??
    stringOf(metadata.session_id)
  );
}

/** The user id in run metadata. */
export function userIdOf(metadata: Bag | undefined): string | undefined {
  if (!metadata) return undefined;
  return stringOf(metadata.user_id) ?? stringOf(metadata.userId);
}

/** A retriever's data source id: its metadata, else its name. */
export function retrievalSourceId(metadata: Bag | undefined, name: string | undefined): string | undefined {
  return stringOf(metadata?.['gen_ai.data_source.id']) ?? stringOf(metadata?.data_source_id) ?? name;
}

/** A retriever's top_k, from its metadata. */
export function retrievalTopK(metadata: Bag | undefined): number | undefined {
  return numberOf(metadata?.['gen_ai.retrieval.top_k']) ?? numberOf(metadata?.top_k);
}
