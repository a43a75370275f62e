// Options of AgentspanModule.forRoot / forRootAsync.
import {
  type Agentspan,
  AgentspanConfigError,
  type BudgetOptions,
  type CostBudget,
  type HttpRequestLike,
  type IdSource,
  type KeyList,
  checkOptionKeys,
  costBudget,
  validateIdentityOptions,
} from '@agentspan/core';

export interface AgentspanModuleOptions {
  /** The instance whose spans and rollups requests and decorators use. Default: `getAgentspan()`. */
  agentspan?: Agentspan;
  /** Where the conversation id comes from: header name, function of the request, or false. Default `x-conversation-id`. */
  conversationId?: IdSource<HttpRequestLike>;
  /** Where the user id comes from. Default `x-user-id`. */
  userId?: IdSource<HttpRequestLike>;
  /**
   * Opt-in cost budget, enforced by `AgentspanBudgetGuard` (registered globally when this is
   * set; `@SkipBudget()` exempts a controller or handler): 429 over the limit, 503 when its
   * store fails and `passOnStoreError` is false. Its options, or a `CostBudget` made from them.
   */
  budget?: BudgetOptions<HttpRequestLike> | CostBudget<HttpRequestLike>;
  /**
   * Send the request's trace and span ids back in a `traceresponse` header (W3C Trace
   * Context Level 2), for clients that rate the turn later (AgentspanFeedbackModule). Default false.
   */
  traceResponse?: boolean;
}

/** Bad options fail when the app starts, with AgentspanConfigError. */
const OPTION_KEYS: KeyList<AgentspanModuleOptions> = { agentspan: true, conversationId: true, userId: true, budget: true, traceResponse: true };

export function validateModuleOptions(options: AgentspanModuleOptions): void {
  if (typeof options !== 'object' || options === null) throw new AgentspanConfigError('nestjs: options must be an object');
  checkOptionKeys('nestjs', options, OPTION_KEYS);
  const problem = validateIdentityOptions(options);
  if (problem) throw new AgentspanConfigError(`nestjs: ${problem}`);
  if (options.traceResponse !== undefined && typeof options.traceResponse !== 'boolean') {
    throw new AgentspanConfigError('nestjs: traceResponse must be a boolean');
  }
  if (options.budget !== undefined) costBudget(options.budget); // AgentspanConfigError on bad budget options
  const as: unknown = options.agentspan;
  if (as !== undefined && (typeof as !== 'object' || as === null || typeof (as as Agentspan).agent !== 'function')) {
    throw new AgentspanConfigError('nestjs: agentspan must be an Agentspan instance');
  }
}
