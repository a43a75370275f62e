// W3C Trace Context Level 2 `traceresponse`: the server's span ids on the response, so that
// a client (a web page's thumbs buttons) can name the turn it rates later.
import type { Span } from '@opentelemetry/api';
import { HEADER_TRACERESPONSE } from '@agentspan/semconv';
import { formatTraceHeader, turnRefOf } from '../evaluation/target.js';
import { reportInternal } from '../safety.js';

/** The header's value for a span: `00-<trace-id>-<span-id>-<flags>`. */
export function traceResponseOf(span: Span): string {
  return formatTraceHeader(turnRefOf(span.spanContext()));
}

/** Sets `traceresponse` unless the headers are sent already. Never throws. */
export function setTraceResponse(response: { headersSent?: boolean; setHeader(name: string, value: string): unknown }, span: Span): void {
  try {
    if (!response.headersSent) response.setHeader(HEADER_TRACERESPONSE, traceResponseOf(span));
  } catch (error) {
    reportInternal('http: traceresponse', error);
  }
}
