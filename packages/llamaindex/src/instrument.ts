// The one call that enables tracing of LlamaIndex.TS, and its disposer.
import { type Agentspan, AgentspanConfigError, type KeyList, checkOptionKeys, getAgentspan } from '@agentspan/core';
import { Patcher } from '@agentspan/core';
import { Settings } from '@llamaindex/core/global';
import { activeTracing, setActiveTracing } from './active.js';
import { patchEmbeddings } from './embeddings.js';
import { patchLegacyAgents } from './legacy-agent.js';
import { instrumentLLM } from './llm.js';
import { patchMemory } from './memory.js';
import { forgetRenderedPrompts, patchPromptTemplates } from './prompt-templates.js';
import type { ProviderResolver } from './provider.js';
import { patchRetrieval } from './retrieval.js';
import { patchToolCallEvents } from './tool-call-events.js';
import { patchWorkflow } from './workflow-run.js';

export interface LlamaIndexInstrumentationOptions {
  /** The agentspan instance to record with. Default: the process instance (getAgentspan(), read per call). */
  agentspan?: Agentspan;
  /**
   * gen_ai.provider.name of an LLM or embedding model. Default: known LlamaIndex provider
   * classes (OpenAI → openai, Anthropic → anthropic, Ollama → ollama, …), else the class name.
   */
  provider?: ProviderResolver;
  /**
   * gen_ai.data_source.id of a retriever, when none was set with nameDataSource().
   * Default: the index's id.
   */
  dataSourceId?: (retriever: object) => string | undefined;
  /** Also record workflow steps as agentspan.framework spans. Default false. */
  verbose?: boolean;
}

const OPTION_KEYS: KeyList<LlamaIndexInstrumentationOptions> = { agentspan: true, provider: true, dataSourceId: true, verbose: true };

function validate(options: LlamaIndexInstrumentationOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new AgentspanConfigError('instrumentLlamaIndex: options must be an object');
  }
  checkOptionKeys('instrumentLlamaIndex', options, OPTION_KEYS);
  for (const key of ['provider', 'dataSourceId'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      throw new AgentspanConfigError(`instrumentLlamaIndex: ${key} must be a function`);
    }
  }
  if (options.verbose !== undefined && typeof options.verbose !== 'boolean') {
    throw new AgentspanConfigError('instrumentLlamaIndex: verbose must be a boolean');
  }
  const as = options.agentspan;
  if (as !== undefined && (typeof as !== 'object' || as === null || typeof as.startAgent !== 'function')) {
    throw new AgentspanConfigError('instrumentLlamaIndex: agentspan must be an Agentspan instance');
  }
}

/**
 * Enables tracing of LlamaIndex.TS agents, LLM calls, tools, retrievers, embeddings and
 * memory blocks. Returns a function that disables it again.
 */
export function instrumentLlamaIndex(options: LlamaIndexInstrumentationOptions = {}): () => void {
  validate(options);
  if (activeTracing()) {
    throw new AgentspanConfigError(
      'instrumentLlamaIndex: already enabled; call the function the first call returned before enabling it again',
    );
  }
  const patcher = new Patcher();
  patchWorkflow(patcher);
  patchLegacyAgents(patcher);
  patchToolCallEvents(patcher);
  patchRetrieval(patcher);
  patchEmbeddings(patcher);
  patchMemory(patcher);
  patchPromptTemplates(patcher);
  // LLMs read from Settings (agents without an llm, query engines, memory) get wrapped on read.
  patcher.getter(Settings, 'llm', (llm) => instrumentLLM(llm));
  const fixed = options.agentspan;
  setActiveTracing({
    get agentspan() {
      return fixed ?? getAgentspan();
    },
    provider: options.provider,
    dataSourceId: options.dataSourceId,
    verbose: options.verbose ?? false,
  });
  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    setActiveTracing(undefined);
    patcher.restore();
    forgetRenderedPrompts();
  };
}
