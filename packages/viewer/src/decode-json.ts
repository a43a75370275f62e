// Decodes an OTLP/JSON ExportTraceServiceRequest (hex ids, camelCase, int64 as string or number).
import type { AttributeValue } from './api-types.js';
import {
  Budget,
  checkId,
  type IngestSpan,
  MAX_SPAN_VALUES,
  MAX_VALUE_DEPTH,
  nanosToMs,
  PayloadError,
  setOwn,
  toAttributeValue,
} from './ingest-span.js';
import { parseJsonSliced } from './json-sliced.js';
import type { Slicer } from './slicer.js';

/** Bodies up to this size go to JSON.parse (fast, and short whatever their shape); larger ones are parsed in slices. */
export const JSON_PARSE_MAX_BYTES = 64 * 1024;
/** The request's own levels plus MAX_VALUE_DEPTH attribute values of four JSON levels each. */
export const MAX_JSON_DEPTH = 16 + 4 * MAX_VALUE_DEPTH;

type Json = Record<string, unknown>;

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function list(value: unknown, what: string, budget?: Budget): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PayloadError(`${what} must be an array`);
  budget?.take(value.length);
  return value;
}

export function object(value: unknown, what: string): Json {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new PayloadError(`${what} must be an object`);
  return value;
}

export function str(value: unknown, what: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new PayloadError(`${what} must be a string`);
  return value;
}

/** int64/fixed64 fields: a decimal string or a JSON number. */
export function int64(value: unknown, what: string): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) return BigInt(value);
  throw new PayloadError(`${what} must be an integer (number or decimal string)`);
}

function enumValue(value: unknown, names: Record<string, number>, what: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && names[value] !== undefined) return names[value];
  throw new PayloadError(`${what} must be an enum number or name`);
}

function anyValue(value: unknown, what: string, budget: Budget, depth: number): unknown {
  if (depth > MAX_VALUE_DEPTH) throw new PayloadError(`${what}: value nested deeper than ${MAX_VALUE_DEPTH} levels`);
  const v = object(value, what);
  if ('stringValue' in v) return str(v.stringValue, what);
  if ('boolValue' in v) {
    if (typeof v.boolValue !== 'boolean') throw new PayloadError(`${what}.boolValue must be a boolean`);
    return v.boolValue;
  }
  if ('intValue' in v) {
    const big = int64(v.intValue, `${what}.intValue`);
    return Number.isSafeInteger(Number(big)) ? Number(big) : big.toString();
  }
  if ('doubleValue' in v) {
    const d = v.doubleValue;
    if (typeof d === 'number') return d;
    if (d === 'NaN' || d === 'Infinity' || d === '-Infinity') return Number(d);
    throw new PayloadError(`${what}.doubleValue must be a number`);
  }
  if ('arrayValue' in v) {
    return list(object(v.arrayValue, what).values, `${what}.arrayValue.values`, budget).map((x) =>
      anyValue(x, what, budget, depth + 1),
    );
  }
  if ('kvlistValue' in v) return keyValues(object(v.kvlistValue, what).values, what, budget, depth + 1);
  if ('bytesValue' in v) return str(v.bytesValue, `${what}.bytesValue`);
  return null;
}

function keyValues(value: unknown, what: string, budget: Budget, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of list(value, what, budget)) {
    const kv = object(item, what);
    const key = str(kv.key, `${what} key`);
    setOwn(out, key, anyValue(kv.value, `${what} "${key.slice(0, 100)}"`, budget, depth));
  }
  return out;
}

export function attributes(value: unknown, what: string, budget: Budget): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, v] of Object.entries(keyValues(value, what, budget))) setOwn(out, key, toAttributeValue(v));
  return out;
}

function decodeSpan(raw: unknown, resource: Record<string, unknown>, scope: Json): IngestSpan {
  const budget = new Budget(MAX_SPAN_VALUES, 'a span');
  const span = object(raw, 'span');
  const parent = str(span.parentSpanId, 'parentSpanId');
  const status = object(span.status, 'status');
  const startTimeMs = nanosToMs(int64(span.startTimeUnixNano, 'startTimeUnixNano'));
  const endTimeMs = nanosToMs(int64(span.endTimeUnixNano, 'endTimeUnixNano'));
  return {
    traceId: checkId(str(span.traceId, 'traceId'), 16, 'traceId'),
    spanId: checkId(str(span.spanId, 'spanId'), 8, 'spanId'),
    parentSpanId: parent === '' ? null : checkId(parent, 8, 'parentSpanId'),
    name: str(span.name, 'span name'),
    kind: enumValue(span.kind, SPAN_KINDS, 'span kind'),
    startTimeMs,
    endTimeMs: Math.max(startTimeMs, endTimeMs),
    statusCode: enumValue(status.code, STATUS_CODES, 'status code'),
    statusMessage: str(status.message, 'status message'),
    attributes: attributes(span.attributes, 'span attribute', budget),
    events: list(span.events, 'events', budget).map((e) => {
      const event = object(e, 'event');
      return {
        name: str(event.name, 'event name'),
        timeMs: nanosToMs(int64(event.timeUnixNano, 'event timeUnixNano')),
        attributes: keyValues(event.attributes, 'event attribute', budget),
      };
    }),
    resource,
    scopeName: str(scope.name, 'scope name'),
    scopeVersion: str(scope.version, 'scope version'),
  };
}

/** The body as a JSON value: JSON.parse when small, else the sliced parser (bounded depth). */
export async function parseBody(body: Buffer, slicer: Slicer): Promise<unknown> {
  if (body.length > JSON_PARSE_MAX_BYTES) return parseJsonSliced(body, slicer, MAX_JSON_DEPTH);
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new PayloadError(`invalid JSON: ${(error as Error).message}`);
  }
}

/**
 * Parses and validates the whole payload, giving the event loop back between spans; throws
 * PayloadError on anything malformed.
 */
export async function decodeJsonRequest(body: Buffer, slicer: Slicer): Promise<IngestSpan[]> {
  const request = object(await parseBody(body, slicer), 'request');
  const spans: IngestSpan[] = [];
  for (const rs of list(request.resourceSpans, 'resourceSpans')) {
    const resourceSpans = object(rs, 'resourceSpans item');
    const resourceBudget = new Budget(MAX_SPAN_VALUES, 'a resource');
    const resource = keyValues(object(resourceSpans.resource, 'resource').attributes, 'resource attribute', resourceBudget);
    for (const ss of list(resourceSpans.scopeSpans, 'scopeSpans')) {
      const scopeSpans = object(ss, 'scopeSpans item');
      const scope = object(scopeSpans.scope, 'scope');
      for (const span of list(scopeSpans.spans, 'spans')) {
        if (slicer.due()) await slicer.pause();
        spans.push(decodeSpan(span, resource, scope));
      }
    }
  }
  return spans;
}
