// For handlers: the request's trace, its context and its Agentspan instance, so a turn
// runs under the request's server span even where the async context was lost
// (callbacks of event emitters, queues, streams read later).
import type { IncomingMessage } from 'node:http';
import { type AgentStart, type Agentspan, type HttpRequestTrace, getAgentspan, getHttpRequestTrace } from '@agentspan/core';
import { type Context, context } from '@opentelemetry/api';

/** The request's trace (server span, ids, rollup so far), when the middleware traced it. */
export function requestTrace(req: IncomingMessage): HttpRequestTrace | undefined {
  return getHttpRequestTrace(req);
}

/** The context the request's work should run in (the active one when the request is untraced). */
export function requestContext(req: IncomingMessage): Context {
  return getHttpRequestTrace(req)?.context ?? context.active();
}

/** The Agentspan instance serving the request. */
export function requestAgentspan(req: IncomingMessage): Agentspan {
  return getHttpRequestTrace(req)?.agentspan ?? getAgentspan();
}

/** Runs fn inside the request's context. */
export function runInRequest<T>(req: IncomingMessage, fn: () => T): T {
  return context.with(requestContext(req), fn);
}

/**
 * Runs one agent turn under the request: an invoke_agent span child of the server span,
 * ended when fn returns or its promise settles (a throw fails it and is rethrown unchanged).
 */
export function agentTurn<T>(req: IncomingMessage, start: AgentStart, fn: () => T): T {
  return requestAgentspan(req).agent({ ...start, parent: start.parent ?? requestContext(req) }, fn);
}
