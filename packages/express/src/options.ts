// Options of the Express middleware, checked once when the middleware is created.
import type { IncomingMessage } from 'node:http';
import {
  type Agentspan,
  AgentspanConfigError,
  type BudgetOptions,
  type CostBudget,
  type IdSource,
  type KeyList,
  checkOptionKeys,
  validateIdentityOptions,
} from '@agentspan/core';

export interface AgentspanExpressOptions {
  /** The instance whose spans and rollups the requests use. Default: `getAgentspan()` at each request. */
  agentspan?: Agentspan;
  /** Where the conversation id comes from: header name, function of the request, or false. Default `x-conversation-id`. */
  conversationId?: IdSource<IncomingMessage>;
  /** Where the user id comes from. Default `x-user-id`. */
  userId?: IdSource<IncomingMessage>;
  /**
   * Opt-in cost budget: a request over it gets a 429 before its handler runs (a 503 when its
   * store fails and `passOnStoreError` is false). Its options, or a `CostBudget` made from
   * them (to read `trackedKeys`, or to share one budget between apps).
   */
  budget?: BudgetOptions<IncomingMessage> | CostBudget<IncomingMessage>;
  /**
   * Name the server span of every request by its route (`GET /orders/:id`). Default false:
   * behind instrumentation-http, only requests that ran GenAI work or failed are named by
   * us (instrumentation-express names them all); naming the others costs a listener on
   * every response. Spans the middleware starts itself are always named.
   */
  nameEveryRequest?: boolean;
  /**
   * Send the request's trace and span ids back in a `traceresponse` header (W3C Trace
   * Context Level 2), for clients that rate the turn later (`agentspanFeedback`). Default false.
   */
  traceResponse?: boolean;
}

const OPTION_KEYS: KeyList<AgentspanExpressOptions> = {
  agentspan: true,
  conversationId: true,
  userId: true,
  budget: true,
  nameEveryRequest: true,
  traceResponse: true,
};

export function validateOptions(options: AgentspanExpressOptions): void {
  if (typeof options !== 'object' || options === null) throw new AgentspanConfigError('express: options must be an object');
  checkOptionKeys('express', options, OPTION_KEYS);
  const problem = validateIdentityOptions(options);
  if (problem) throw new AgentspanConfigError(`express: ${problem}`);
  for (const key of ['nameEveryRequest', 'traceResponse'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'boolean') throw new AgentspanConfigError(`express: ${key} must be a boolean`);
  }
  const as: unknown = options.agentspan;
  if (as !== undefined && (typeof as !== 'object' || as === null || typeof (as as Agentspan).rollupScope !== 'function')) {
    throw new AgentspanConfigError('express: agentspan must be an Agentspan instance');
  }
}
