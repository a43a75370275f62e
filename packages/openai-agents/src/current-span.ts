// The SDK span the calling code runs in (the SDK's own AsyncLocalStorage), and its parent.
import { reportInternal, warnOnce } from '@agentspan/core';
import { getCurrentSpan, getCurrentTrace, type SdkSpan } from './sdk.js';

/** The SDK's id of the spans it makes while its tracing is off. */
const NOOP_ID = 'no-op';
/** How far up a span's ancestry is followed (the SDK nests a handful of levels). */
export const MAX_DEPTH = 16;

export function currentSdkSpan(): SdkSpan | undefined {
  try {
    const span = getCurrentSpan() as SdkSpan | null;
    return span && span.spanId !== NOOP_ID ? span : undefined;
  } catch (error) {
    reportInternal('openai-agents: current span', error);
    return undefined;
  }
}

/**
 * The parent span object when the SDK still holds it: the span that was current before
 * this one (the SDK records it when a span becomes current), or one before that.
 */
export function parentSpanOf(span: SdkSpan): SdkSpan | undefined {
  const parentId = span.parentId;
  if (!parentId) return undefined;
  let p = span.previousSpan;
  for (let i = 0; p && i < MAX_DEPTH; i++, p = p.previousSpan) if (p.spanId === parentId) return p;
  return undefined;
}

/**
 * Says once when a run goes without the SDK's own tracing (NODE_ENV=test, the
 * OPENAI_AGENTS_DISABLE_TRACING variable, setTracingDisabled(true), a runner's
 * tracingDisabled): agents, model calls and tools are still recorded; guardrails, the
 * handoff's own work and spans made inside tools need it.
 */
export function warnIfSdkTracingOff(): void {
  try {
    const current = getCurrentTrace() as { traceId?: unknown } | null;
    if (current && current.traceId !== NOOP_ID) return;
  } catch {
    return;
  }
  warnOnce(
    'openai-agents: sdk tracing off',
    "the OpenAI Agents SDK's tracing is off (NODE_ENV=test, OPENAI_AGENTS_DISABLE_TRACING, setTracingDisabled or a runner's tracingDisabled): agentspan records agents, model calls and tools, but not guardrails nor the spans made inside tools; call setTracingDisabled(false) and pass keepOtherProcessors: false to keep data from OpenAI",
  );
}
