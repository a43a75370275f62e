// The one call that enables tracing of the OpenAI Agents SDK, and its disposer.
import { type Agentspan, AgentspanConfigError, Patcher, getAgentspan } from '@agentspan/core';
import { AgentspanTracingProcessor } from './processor.js';
import { patchRunner } from './runner.js';
import { addTraceProcessor, setTraceProcessors } from './sdk.js';
import { type ProviderResolver, activeTracing, setActiveTracing } from './tracing.js';

export interface OpenAIAgentsInstrumentationOptions {
  /** The agentspan instance to record with. Default: the process instance (getAgentspan(), read per call). */
  agentspan?: Agentspan;
  /**
   * gen_ai.provider.name of a Model instance. Default: `openai` for the SDK's OpenAI models,
   * else the model's `provider` field, else its class name.
   */
  provider?: ProviderResolver;
  /**
   * Keep the SDK's other trace processors (OpenAI's exporter to the Traces dashboard among
   * them) beside agentspan's. Default true; false replaces them all with agentspan's.
   */
  keepOtherProcessors?: boolean;
}

const KEYS = new Set(['agentspan', 'provider', 'keepOtherProcessors']);

function validate(options: OpenAIAgentsInstrumentationOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new AgentspanConfigError('instrumentOpenAIAgents: options must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key)) throw new AgentspanConfigError(`instrumentOpenAIAgents: unknown option '${key}'`);
  }
  if (options.provider !== undefined && typeof options.provider !== 'function') {
    throw new AgentspanConfigError('instrumentOpenAIAgents: provider must be a function');
  }
  if (options.keepOtherProcessors !== undefined && typeof options.keepOtherProcessors !== 'boolean') {
    throw new AgentspanConfigError('instrumentOpenAIAgents: keepOtherProcessors must be a boolean');
  }
  const as = options.agentspan;
  if (as !== undefined && (typeof as !== 'object' || as === null || typeof as.startAgent !== 'function')) {
    throw new AgentspanConfigError('instrumentOpenAIAgents: agentspan must be an Agentspan instance');
  }
}

/** The processor registered with the SDK: one per process (the SDK cannot remove a processor). */
let processor: AgentspanTracingProcessor | undefined;

/**
 * Enables tracing of the OpenAI Agents SDK: runs, handoffs, model calls, tools and
 * guardrails. Returns a function that disables it again.
 */
export function instrumentOpenAIAgents(options: OpenAIAgentsInstrumentationOptions = {}): () => void {
  validate(options);
  if (activeTracing()) {
    throw new AgentspanConfigError(
      'instrumentOpenAIAgents: already enabled; call the function the first call returned before enabling it again',
    );
  }
  const keep = options.keepOtherProcessors ?? true;
  if (!processor || !keep) {
    processor ??= new AgentspanTracingProcessor();
    if (keep) addTraceProcessor(processor as never);
    else setTraceProcessors([processor as never]);
  }
  const patcher = new Patcher();
  patchRunner(patcher);
  const fixed = options.agentspan;
  setActiveTracing({
    get agentspan() {
      return fixed ?? getAgentspan();
    },
    provider: options.provider,
  });
  let disposed = false;
  return () => {
    if (disposed) return;
    disposed = true;
    setActiveTracing(undefined);
    patcher.restore();
  };
}
