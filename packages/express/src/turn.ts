// The ids of the turn a request serves (its server span): what a handler puts in its JSON
// answer when the client rates turns from the body rather than the `traceresponse` header.
import type { IncomingMessage } from 'node:http';
import { type TurnRef, getHttpRequestTrace } from '@agentspan/core';

export function requestTurn(req: IncomingMessage): TurnRef | undefined {
  const span = getHttpRequestTrace(req)?.span;
  if (!span) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  return { traceId, spanId, traceFlags };
}
