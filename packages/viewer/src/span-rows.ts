// Stored span rows to the API's Span shape, and the tree order the turn page shows.
import type { SQLOutputValue } from 'node:sqlite';
import type { AttributeValue, Span, SpanEvent, SpanKindName } from './api-types.js';
import type { IngestSpan } from './ingest-span.js';
import { statusName } from './turn-summary.js';

const KIND_NAMES: readonly SpanKindName[] = ['internal', 'internal', 'server', 'client', 'producer', 'consumer'];

export function kindName(kind: number): SpanKindName {
  return KIND_NAMES[kind] ?? 'internal';
}

function text(value: SQLOutputValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

function num(value: SQLOutputValue | undefined): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}

export function rowToSpan(row: Record<string, SQLOutputValue>): Span {
  const startTimeMs = num(row.start_ms);
  const endTimeMs = num(row.end_ms);
  const message = text(row.status_message);
  const version = text(row.scope_version);
  return {
    traceId: text(row.trace_id),
    spanId: text(row.span_id),
    parentSpanId: typeof row.parent_span_id === 'string' ? row.parent_span_id : null,
    name: text(row.name),
    kind: kindName(num(row.kind)),
    startTimeMs,
    endTimeMs,
    durationMs: Math.max(0, endTimeMs - startTimeMs),
    status: message === '' ? { code: statusName(num(row.status_code)) } : { code: statusName(num(row.status_code)), message },
    attributes: JSON.parse(text(row.attributes) || '{}') as Record<string, AttributeValue>,
    events: JSON.parse(text(row.events) || '[]') as SpanEvent[],
    resource: JSON.parse(text(row.resource) || '{}') as Record<string, unknown>,
    scope: version === '' ? { name: text(row.scope_name) } : { name: text(row.scope_name), version },
  };
}

/** Spans with their resource's JSON as `resource`: FROM and the columns for rowToSpan. */
export const SPAN_SELECT = 'SELECT spans.*, resources.json AS resource FROM spans LEFT JOIN resources ON resources.id = spans.resource_id';

/** A version-1 row back in the decoder's shape (to ingest an older file's spans again). */
export function rowToIngestSpan(row: Record<string, SQLOutputValue>): IngestSpan {
  return {
    traceId: text(row.trace_id),
    spanId: text(row.span_id),
    parentSpanId: typeof row.parent_span_id === 'string' ? row.parent_span_id : null,
    name: text(row.name),
    kind: num(row.kind),
    startTimeMs: num(row.start_ms),
    endTimeMs: num(row.end_ms),
    statusCode: num(row.status_code),
    statusMessage: text(row.status_message),
    attributes: JSON.parse(text(row.attributes) || '{}') as Record<string, AttributeValue>,
    events: JSON.parse(text(row.events) || '[]') as IngestSpan['events'],
    resource: JSON.parse(text(row.resource) || '{}') as Record<string, unknown>,
    scopeName: text(row.scope_name),
    scopeVersion: text(row.scope_version),
  };
}

/**
 * Depth-first, parents before children, siblings by start time (then longer first). Spans whose
 * parent is not in the trace (a remote parent, or a parent not yet received) start their own subtree.
 * The input must already be sorted by start time.
 */
export function treeOrder(spans: readonly Span[]): Span[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string | null, Span[]>();
  for (const span of spans) {
    const parent = span.parentSpanId !== null && ids.has(span.parentSpanId) ? span.parentSpanId : null;
    const list = children.get(parent);
    if (list === undefined) children.set(parent, [span]);
    else list.push(span);
  }
  const ordered: Span[] = [];
  const visited = new Set<string>();
  const stack: Span[] = [...(children.get(null) ?? [])].reverse();
  while (stack.length > 0) {
    const span = stack.pop() as Span;
    if (visited.has(span.spanId)) continue;
    visited.add(span.spanId);
    ordered.push(span);
    const kids = children.get(span.spanId);
    if (kids !== undefined) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as Span);
  }
  // A parent cycle (malformed input) leaves spans unvisited: keep them, in start order.
  for (const span of spans) if (!visited.has(span.spanId)) ordered.push(span);
  return ordered;
}
