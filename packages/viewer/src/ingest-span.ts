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

/** Arrays and maps nested inside one attribute value (OTLP AnyValue) beyond this are refused. */
export const MAX_VALUE_DEPTH = 32;
/**
 * Values one span may carry (attributes, events, event attributes, elements of array and map
 * values, and for protobuf every field read): bounds the work one span costs, so a single
 * hostile span cannot hold the event loop. The OpenTelemetry SDK's default limits (128
 * attributes, 128 events) stay far below it.
 */
export const MAX_SPAN_VALUES = 32_768;
/** Protobuf counts fields rather than values: about four per attribute. */
export const MAX_SPAN_FIELDS = 4 * MAX_SPAN_VALUES;

/** Counts the values of one span (or resource, or scope) against a limit. */
export class Budget {
  private left: number;

  constructor(
    private readonly limit: number,
    private readonly what: string,
  ) {
    this.left = limit;
  }

  take(count = 1): void {
    this.left -= count;
    if (this.left < 0) throw new PayloadError(`${this.what} holds too many values (limit ${this.limit})`);
  }
}

/** Sets an own property, even for the key `__proto__` (which plain assignment would not). */
export function setOwn<T>(out: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
  else out[key] = value;
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
