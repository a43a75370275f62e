// Starts (or finds) the trace of the request behind a Nest execution context; the guard
// runs before the interceptor, so whichever comes first starts it.
import {
  type HttpRequestLike,
  type HttpRequestTrace,
  getHttpRequestTrace,
  httpTraceHost,
  onResponseEnd,
  startHttpRequest,
} from '@agentspan/core';
import type { ExecutionContext } from '@nestjs/common';
import { moduleAgentspan } from './active-instance.js';
import { type HttpExchange, httpExchange, routeOf } from './http-platform.js';
import type { AgentspanModuleOptions } from './options.js';

function endOn(exchange: HttpExchange, trace: HttpRequestTrace): void {
  const { response } = exchange;
  const done = () => {
    if (trace.ended) return;
    trace.setRoute(routeOf(exchange.request));
    trace.end(response.statusCode);
  };
  onResponseEnd(response, done);
}

/** The request's trace and exchange, or undefined for non-HTTP contexts. Throws only on internal faults. */
export function traceExecution(
  ctx: ExecutionContext,
  options: AgentspanModuleOptions,
): { trace: HttpRequestTrace; exchange: HttpExchange } | undefined {
  const exchange = httpExchange(ctx);
  if (!exchange) return undefined;
  const existing = getHttpRequestTrace(exchange.request) ?? getHttpRequestTrace(exchange.raw);
  if (existing) return { trace: existing, exchange };
  const host = httpTraceHost(options.agentspan ?? moduleAgentspan());
  const trace = startHttpRequest<HttpRequestLike>(host, exchange.raw, {
    identity: { conversationId: options.conversationId, userId: options.userId },
    aliases: exchange.request === exchange.raw ? [] : [exchange.request],
    onlyRecording: !options.budget,
  });
  if (!trace) return undefined;
  trace.setRoute(routeOf(exchange.request));
  endOn(exchange, trace);
  return { trace, exchange };
}
