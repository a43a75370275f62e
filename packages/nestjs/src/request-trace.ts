// Starts (or finds) the trace of the request behind a Nest execution context; the guard
// runs before the interceptor, so whichever comes first starts it.
import {
  type HttpRequestLike,
  type HttpRequestTrace,
  type StartHttpRequestOptions,
  httpTraceHost,
  setTraceResponse,
  startHttpRequest,
} from '@agentspan/core';
import type { ExecutionContext } from '@nestjs/common';
import { moduleAgentspan } from './active-instance.js';
import { type HttpExchange, httpExchange, routeOf } from './http-platform.js';
import type { AgentspanModuleOptions } from './options.js';
import { findTrace, keepTrace, keepsOwnTrace } from './request-trace-store.js';

/** The start options of a module's requests, made once per options object and platform. */
const startOptionsOf = new WeakMap<AgentspanModuleOptions, StartHttpRequestOptions<HttpRequestLike>[]>();
function startOptions(options: AgentspanModuleOptions, ownStore: boolean): StartHttpRequestOptions<HttpRequestLike> {
  let start = startOptionsOf.get(options);
  if (!start) {
    const base = { identity: { conversationId: options.conversationId, userId: options.userId }, onlyRecording: !options.budget, fresh: true };
    start = [base, { ...base, register: false }];
    startOptionsOf.set(options, start);
  }
  return start[ownStore ? 1 : 0] as StartHttpRequestOptions<HttpRequestLike>;
}

/** The request's trace and exchange, or undefined for non-HTTP contexts. Throws only on internal faults. */
export function traceExecution(
  ctx: ExecutionContext,
  options: AgentspanModuleOptions,
): { trace: HttpRequestTrace; exchange: HttpExchange } | undefined {
  const exchange = httpExchange(ctx);
  if (!exchange) return undefined;
  const existing = findTrace(exchange);
  if (existing) return { trace: existing, exchange };
  const host = httpTraceHost(options.agentspan ?? moduleAgentspan());
  const ownStore = keepsOwnTrace(exchange);
  const trace = startHttpRequest<HttpRequestLike>(host, exchange.raw, startOptions(options, ownStore));
  if (!trace) return undefined;
  if (ownStore) keepTrace(exchange, trace);
  // Nest has routed the request before any guard or interceptor runs.
  trace.setRoute(routeOf(exchange.request));
  // instrumentation-http's span ends with the response, and the trace with it: the response
  // is hooked only when something needs its end (a stream to stop, the budget's spend).
  trace.endWithResponse(exchange.response, true);
  if (options.traceResponse === true) setTraceResponse(exchange.response, trace.span);
  return { trace, exchange };
}
