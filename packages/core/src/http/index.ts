// Framework-neutral pieces of the HTTP adapters (Express, NestJS, …): request identity,
// the server span, the request's rollup scope and the cost budget.
export {
  DEFAULT_CONVERSATION_ID_HEADER,
  DEFAULT_USER_ID_HEADER,
  extractRequestIdentity,
  validateIdentityOptions,
  type HttpRequestLike,
  type IdSource,
  type RequestIdentityOptions,
} from './identity.js';
export { findOrStartServerSpan, setServerSpanRoute, type ServerSpanHandle } from './server-span.js';
export {
  HttpRequestTrace,
  activeHttpRequestTrace,
  getHttpRequestTrace,
  startHttpRequest,
  type HttpTraceHost,
  type RequestRollup,
  type ResponseLike,
  type RouteReader,
  type StartHttpRequestOptions,
} from './request-trace.js';
export {
  CostBudget,
  costBudget,
  type BudgetDecision,
  type BudgetExceededBody,
  type BudgetOptions,
  type BudgetUnavailableBody,
} from './budget.js';
export { BudgetStoreTimeoutError } from './settle-within.js';
export { InMemoryBudgetStore, type BudgetStore, type InMemoryBudgetStoreOptions } from './budget-store.js';
export { type BudgetWindow, windowBounds } from './budget-window.js';
export { checkRequestBudget } from './budget-guard.js';
export { httpTraceHost } from './host.js';
export { bindEmitterToContext } from './bind-emitter.js';
export { onResponseCloseFirst, onResponseEnd } from './response-end.js';
export { FEEDBACK_ROUTE_DEFAULTS, FeedbackRoute, MAX_FEEDBACK_BODY_BYTES, type FeedbackReply, type FeedbackRouteOptions, type TurnLabels } from './feedback.js';
export { isJsonContentType, readJsonBody, type JsonBody } from './json-body.js';
export { setTraceResponse, traceResponseOf } from './trace-response.js';
