// One decoded OTLP span, independent of the wire encoding it arrived in.
import type { AttributeValue } from './api-types.js';

export interface IngestSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  /** OTLP SpanKind number (0 unspecified, 1 internal … 5 consumer). */
  kind: number;
  startTimeMs: number;
  endTimeMs: number;
  /** OTLP StatusCode number (0 unset, 1 ok, 2 error). */
  statusCode: number;
  statusMessage: string;
  attributes: Record<string, AttributeValue>;
  events: { name: string; timeMs: number; attributes: Record<string, unknown> }[];
  resource: Record<string, unknown>;
  scopeName: string;
  scopeVersion: string;
}

/** Raised for any payload that cannot be decoded; the receiver answers 400 with its message. */
export class PayloadError extends Error {
  override name = 'PayloadError';
}

/** Nanoseconds since the epoch (as bigint) to fractional milliseconds. */
export function nanosToMs(nanos: bigint): number {
  return Number(nanos / 1_000_000n) + Number(nanos % 1_000_000n) / 1e6;
}

const HEX = /^[0-9a-f]+$/;

/** Validates a lower-case hex id of the given byte length; all-zero ids are invalid in OTLP. */
export function checkId(value: string, bytes: number, what: string): string {
  const id = value.toLowerCase();
  if (id.length !== bytes * 2 || !HEX.test(id) || /^0+$/.test(id)) {
    throw new PayloadError(`invalid ${what} "${value.slice(0, 40)}": expected ${bytes * 2} hex digits, not all zero`);
  }
  return id;
}

/** Turns a decoded attribute value into the API's attribute shape (flat values and arrays). */
export function toAttributeValue(value: unknown): AttributeValue {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return value as string[];
    if (value.every((v) => typeof v === 'number')) return value as number[];
    if (value.every((v) => typeof v === 'boolean')) return value as boolean[];
    return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v) ?? 'null'));
  }
  if (value === null || value === undefined) return '';
  return JSON.stringify(value);
}
