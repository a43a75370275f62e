// Turning what the application holds (ids, a traceparent string, a span, an operation, a
// context) into the span context an evaluation is parented to; and a turn's ids as the W3C
// header value that hands them to a client.
import { type Context, type Span, type SpanContext, TraceFlags, trace } from '@opentelemetry/api';
import type { EvaluationTarget, TurnRef } from './types.js';

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;
const HEADER = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

export type Resolved = { ok: true; spanContext: SpanContext } | { ok: false; problem: string };

function fromIds(traceId: unknown, spanId: unknown, flags: unknown): Resolved {
  if (typeof traceId !== 'string' || !TRACE_ID.test(traceId) || traceId === ZERO_TRACE) {
    return { ok: false, problem: 'traceId must be 32 lowercase hex digits, not all zero' };
  }
  if (typeof spanId !== 'string' || !SPAN_ID.test(spanId) || spanId === ZERO_SPAN) {
    return { ok: false, problem: 'spanId must be 16 lowercase hex digits, not all zero' };
  }
  if (flags !== undefined && (typeof flags !== 'number' || !Number.isInteger(flags) || flags < 0 || flags > 255)) {
    return { ok: false, problem: 'traceFlags must be an integer 0-255' };
  }
  return {
    ok: true,
    spanContext: { traceId, spanId, traceFlags: (flags as number | undefined) ?? TraceFlags.SAMPLED, isRemote: true },
  };
}

/** A `traceparent` or `traceresponse` header value (version 00, or a later one read as 00 reads it). */
export function parseTraceHeader(value: string): Resolved {
  const m = HEADER.exec(value.trim());
  if (!m || m[1] === 'ff') return { ok: false, problem: 'not a W3C trace header (00-<32 hex>-<16 hex>-<2 hex>)' };
  return fromIds(m[2], m[3], Number.parseInt(m[4] as string, 16));
}

function isSpan(value: object): value is Span {
  return typeof (value as Partial<Span>).spanContext === 'function';
}

function isContext(value: object): value is Context {
  return typeof (value as Partial<Context>).getValue === 'function' && typeof (value as Partial<Context>).setValue === 'function';
}

function fromSpanContext(sc: SpanContext | undefined): Resolved {
  if (!sc) return { ok: false, problem: 'the context has no active span' };
  return fromIds(sc.traceId, sc.spanId, sc.traceFlags);
}

/** The span context an evaluation of `target` is parented to. Never throws. */
export function resolveTarget(target: EvaluationTarget | unknown): Resolved {
  try {
    if (typeof target === 'string') return parseTraceHeader(target);
    if (typeof target !== 'object' || target === null) {
      return { ok: false, problem: 'the target must be a TurnRef, a traceparent string, a span, an operation or a context' };
    }
    if (isSpan(target)) return fromSpanContext(target.spanContext());
    const span = (target as { span?: unknown }).span;
    if (typeof span === 'object' && span !== null && isSpan(span)) return fromSpanContext(span.spanContext());
    if (isContext(target)) return fromSpanContext(trace.getSpanContext(target));
    const ref = target as Partial<TurnRef>;
    return fromIds(ref.traceId, ref.spanId, ref.traceFlags);
  } catch {
    return { ok: false, problem: 'the target could not be read' };
  }
}

/** The ids of a span context as a TurnRef. */
export function turnRefOf(sc: SpanContext): TurnRef {
  return { traceId: sc.traceId, spanId: sc.spanId, traceFlags: sc.traceFlags };
}

/** `00-<trace-id>-<span-id>-<flags>`: the value of a traceparent or traceresponse header. */
export function formatTraceHeader(ref: TurnRef): string {
  const flags = (ref.traceFlags ?? TraceFlags.SAMPLED) & 0xff;
  return `00-${ref.traceId}-${ref.spanId}-${flags.toString(16).padStart(2, '0')}`;
}
