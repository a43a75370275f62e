// The normalised form of a span (spec, "Normalised form"): what two producers must agree on.
import type { AttributeValue } from '@opentelemetry/api';

export type SpanKindName = 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
/** OK is mapped to UNSET: a successful span is UNSET whichever of the two its producer wrote. */
export type SpanStatusName = 'UNSET' | 'ERROR';

export interface NormalizedSpan {
  name: string;
  kind: SpanKindName;
  status: SpanStatusName;
  /** Only the compared keys of the span's operation (see compared-keys.ts). */
  attributes: Record<string, AttributeValue>;
  /** Event names, in recording order. */
  events: string[];
  /** Kept child spans, in sibling order (see sibling-order.ts). */
  children: NormalizedSpan[];
}

/** The normalised roots of one trace: one root when the trace is well formed. */
export type NormalizedTrace = NormalizedSpan[];
