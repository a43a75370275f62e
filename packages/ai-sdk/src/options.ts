// The integration's options and their validation: bad configuration fails at creation.
import { type Agentspan, AgentspanConfigError, type KeyList, checkOptionKeys, getAgentspan } from '@agentspan/core';

export interface AgentspanTelemetryOptions {
  /** The agentspan instance to report to. Default: the process-wide instance (`getAgentspan()`). */
  agentspan?: Agentspan;
  /**
   * Agent name for calls without `telemetry.functionId`. When unset, such calls carry only a
   * default name (`ai.generateText`, …) and merge into an enclosing agent when there is one.
   */
  agentName?: string;
  /** `runtimeContext` key holding the conversation id. Default `conversationId`. */
  conversationIdKey?: string;
  /** `runtimeContext` key holding the user id. Default `userId`. */
  userIdKey?: string;
  /**
   * `runtimeContext` key holding the prompt the call used, `{ name, version?, variables? }`:
   * `gen_ai.prompt.*` on each of its chat spans. Default `prompt`.
   */
  promptKey?: string;
  /** Keep AI SDK steps as `agentspan.framework` spans (plumbing, off by default). */
  verbose?: boolean;
}

const OPTION_KEYS: KeyList<AgentspanTelemetryOptions> = {
  agentspan: true,
  agentName: true,
  conversationIdKey: true,
  userIdKey: true,
  promptKey: true,
  verbose: true,
};

export interface ResolvedOptions {
  readonly agentspan: Agentspan;
  readonly agentName: string | undefined;
  readonly conversationIdKey: string;
  readonly userIdKey: string;
  readonly promptKey: string;
  readonly verbose: boolean;
}

function optionalString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    throw new AgentspanConfigError(`@agentspan/ai-sdk: ${name} must be a non-empty string`);
  }
  return value;
}

export function resolveOptions(options: AgentspanTelemetryOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) {
    throw new AgentspanConfigError('@agentspan/ai-sdk integration: options must be an object');
  }
  checkOptionKeys('@agentspan/ai-sdk integration', options, OPTION_KEYS);
  if (options.verbose !== undefined && typeof options.verbose !== 'boolean') {
    throw new AgentspanConfigError('@agentspan/ai-sdk integration: verbose must be a boolean');
  }
  const agentspan = options.agentspan ?? getAgentspan();
  if (typeof (agentspan as Partial<Agentspan>).startAgent !== 'function') {
    throw new AgentspanConfigError('@agentspan/ai-sdk integration: agentspan must be an Agentspan instance');
  }
  return {
    agentspan,
    agentName: optionalString('agentName', options.agentName),
    conversationIdKey: optionalString('conversationIdKey', options.conversationIdKey) ?? 'conversationId',
    userIdKey: optionalString('userIdKey', options.userIdKey) ?? 'userId',
    promptKey: optionalString('promptKey', options.promptKey) ?? 'prompt',
    verbose: options.verbose ?? false,
  };
}
