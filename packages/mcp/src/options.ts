// Options of the MCP instrumentation, validated once: a bad or unknown key fails at start-up.
import { type Agentspan, AgentspanConfigError, type KeyList, checkOptionKeys, getAgentspan } from '@agentspan/core';

export interface McpTraceOptions {
  /** The agentspan instance whose tracer, content capture and redaction are used. Default: the process-wide one. */
  agentspan?: Agentspan;
  /**
   * Also send the turn's conversation id and user id to the server, as W3C baggage entries
   * (`gen_ai.conversation.id`, `user.id`) in the request's `_meta`, so that the server's spans
   * carry them too. Off by default: a user id is personal data, and the server may be a third
   * party's. Servers instrumented by agentspan read these entries whatever this option says.
   */
  propagateTurnIds?: boolean;
  /**
   * Name `resources/*` spans after their URI (`resources/read file:///a.txt`). Off by default,
   * as the conventions advise: URIs make span names of unbounded cardinality.
   */
  resourceUriInSpanName?: boolean;
}

export const TRACE_OPTION_KEYS: KeyList<McpTraceOptions> = { agentspan: true, propagateTurnIds: true, resourceUriInSpanName: true };

/** What the traced transports read on every message: resolved once. */
export interface ResolvedMcpOptions {
  /** Looked up per call when not given, so that a later setAgentspan() is honoured. */
  readonly agentspan: () => Agentspan;
  readonly propagateTurnIds: boolean;
  readonly resourceUriInSpanName: boolean;
}

function flag(options: McpTraceOptions, key: 'propagateTurnIds' | 'resourceUriInSpanName'): boolean {
  const value = options[key];
  if (value !== undefined && typeof value !== 'boolean') {
    throw new AgentspanConfigError(`@agentspan/mcp: ${key} must be a boolean, got ${typeof value}`);
  }
  return value === true;
}

export function resolveMcpOptions(options: McpTraceOptions = {}, where = '@agentspan/mcp traceMcpTransport'): ResolvedMcpOptions {
  if (typeof options !== 'object' || options === null) {
    throw new AgentspanConfigError(`${where}: options must be an object`);
  }
  checkOptionKeys(where, options, TRACE_OPTION_KEYS);
  const given = options.agentspan;
  if (given !== undefined && (typeof given !== 'object' || given === null || typeof given.startTool !== 'function')) {
    throw new AgentspanConfigError('@agentspan/mcp: agentspan must be an Agentspan instance');
  }
  return {
    agentspan: given ? () => given : getAgentspan,
    propagateTurnIds: flag(options, 'propagateTurnIds'),
    resourceUriInSpanName: flag(options, 'resourceUriInSpanName'),
  };
}
