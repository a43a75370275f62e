// Where a Nest request's trace is kept. On the Express platform: the core's registry (a
// slot of the request's socket), shared with @agentspan/express's middleware; Express
// gives each request object a map (hidden class) of its own, so a property added to it
// would cost far more. On Fastify: a symbol property of the raw message, whose map is
// shared by every request, so adding the property is one cached transition.
import { type HttpRequestTrace, getHttpRequestTrace } from '@agentspan/core';
import type { HttpExchange } from './http-platform.js';

const TRACE = Symbol('agentspan.nestRequestTrace');
type Carrier = { [TRACE]?: HttpRequestTrace };

/** True on Fastify: Nest's request wraps the raw message. */
export function keepsOwnTrace(exchange: HttpExchange): boolean {
  return exchange.request !== exchange.raw;
}

export function findTrace(exchange: HttpExchange): HttpRequestTrace | undefined {
  return keepsOwnTrace(exchange) ? (exchange.raw as Carrier)[TRACE] : getHttpRequestTrace(exchange.raw);
}

/** Only for traces started with `register: false` (Fastify). */
export function keepTrace(exchange: HttpExchange, trace: HttpRequestTrace): void {
  (exchange.raw as Carrier)[TRACE] = trace;
}

/** The trace of Nest's request object or of the raw message, on either platform. */
export function traceOfRequest(request: object): HttpRequestTrace | undefined {
  const raw = (request as { raw?: unknown }).raw;
  const own = typeof raw === 'object' && raw !== null ? (raw as Carrier)[TRACE] : (request as Carrier)[TRACE];
  return own ?? getHttpRequestTrace(request);
}
