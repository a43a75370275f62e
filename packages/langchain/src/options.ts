// The adapter's options, checked once at construction: bad configuration fails loudly
// at start-up, never later inside a callback.
import { type Agentspan, AgentspanConfigError, type KeyList, checkOptionKeys, getAgentspan } from '@agentspan/core';

export interface AgentspanLangChainOptions {
  /** The core instance (tracer, prices, capture). Default: the process-wide instance. */
  agentspan?: Agentspan;
  /** Keep framework plumbing (chains, graph nodes, parsers) as `agentspan.framework` spans. Default false. */
  verbose?: boolean;
  /** Chain or graph run names to trace as agents, besides LangChain agents and LangGraph graphs. */
  agentNames?: readonly string[];
  /**
   * Make our spans active while LangChain runs a model, tool, retriever or graph, so that
   * spans of other instrumentations (provider HTTP calls) nest under them. Wraps a few
   * LangChain methods once per process. Default true.
   */
  wrapExecution?: boolean;
}

const OPTION_KEYS: KeyList<AgentspanLangChainOptions> = { agentspan: true, verbose: true, agentNames: true, wrapExecution: true };

export interface ResolvedOptions {
  readonly agentspan: Agentspan;
  readonly verbose: boolean;
  readonly agentNames: ReadonlySet<string>;
  readonly wrapExecution: boolean;
}

export function resolveOptions(options: AgentspanLangChainOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw new AgentspanConfigError('langchain: options must be an object');
  checkOptionKeys('@agentspan/langchain', options, OPTION_KEYS);
  const { verbose = false, agentNames = [], wrapExecution = true } = options;
  if (typeof verbose !== 'boolean') throw new AgentspanConfigError('langchain: `verbose` must be a boolean');
  if (typeof wrapExecution !== 'boolean') throw new AgentspanConfigError('langchain: `wrapExecution` must be a boolean');
  if (!Array.isArray(agentNames) || agentNames.some((n) => typeof n !== 'string' || n.length === 0)) {
    throw new AgentspanConfigError('langchain: `agentNames` must be an array of non-empty strings');
  }
  const agentspan = options.agentspan ?? getAgentspan();
  if (typeof agentspan?.startAgent !== 'function') {
    throw new AgentspanConfigError('langchain: `agentspan` must be an Agentspan instance');
  }
  return { agentspan, verbose, agentNames: new Set(agentNames), wrapExecution };
}
