// Decodes an OTLP/protobuf ExportTraceServiceRequest (opentelemetry-proto trace/v1, common/v1).
import type { AttributeValue } from './api-types.js';
import {
  Budget,
  checkId,
  type IngestSpan,
  MAX_SPAN_FIELDS,
  MAX_VALUE_DEPTH,
  nanosToMs,
  PayloadError,
  setOwn,
  toAttributeValue,
} from './ingest-span.js';
import { ProtoReader, WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT } from './proto-reader.js';
import type { Slicer } from './slicer.js';

type Event = IngestSpan['events'][number];

/** AnyValue: a oneof of string, bool, int64, double, array, kvlist, bytes. */
function anyValue(r: ProtoReader, depth: number): unknown {
  if (depth > MAX_VALUE_DEPTH) throw new PayloadError(`attribute value nested deeper than ${MAX_VALUE_DEPTH} levels`);
  let value: unknown = null;
  while (!r.done) {
    const [field, wire] = r.tag();
    switch (field) {
      case 1:
        r.expect(field, wire, WIRE_LEN);
        value = r.string();
        break;
      case 2:
        r.expect(field, wire, WIRE_VARINT);
        value = r.uint32() !== 0;
        break;
      case 3: {
        r.expect(field, wire, WIRE_VARINT);
        const n = r.int64();
        value = typeof n === 'number' || Number.isSafeInteger(Number(n)) ? Number(n) : n.toString();
        break;
      }
      case 4:
        r.expect(field, wire, WIRE_I64);
        value = r.double();
        break;
      case 5: {
        r.expect(field, wire, WIRE_LEN);
        const array = r.message();
        const values: unknown[] = [];
        while (!array.done) {
          const [f, w] = array.tag();
          if (f === 1) {
            array.expect(f, w, WIRE_LEN);
            values.push(anyValue(array.message(), depth + 1));
          } else array.skip(w);
        }
        value = values;
        break;
      }
      case 6:
        r.expect(field, wire, WIRE_LEN);
        value = keyValueList(r.message(), depth + 1);
        break;
      case 7:
        r.expect(field, wire, WIRE_LEN);
        value = Buffer.from(r.bytes()).toString('base64');
        break;
      default:
        r.skip(wire);
    }
  }
  return value;
}

/** Reads one KeyValue into out. */
export function keyValue(r: ProtoReader, out: Record<string, unknown>, depth = 0): void {
  let key = '';
  let value: unknown = null;
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(field, wire, WIRE_LEN);
      key = r.string();
    } else if (field === 2) {
      r.expect(field, wire, WIRE_LEN);
      value = anyValue(r.message(), depth);
    } else r.skip(wire);
  }
  setOwn(out, key, value);
}

/** KeyValueList (and any message whose field 1 is repeated KeyValue). */
function keyValueList(r: ProtoReader, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(field, wire, WIRE_LEN);
      keyValue(r.message(), out, depth);
    } else r.skip(wire);
  }
  return out;
}

export function attributes(raw: Record<string, unknown>): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, v] of Object.entries(raw)) setOwn(out, key, toAttributeValue(v));
  return out;
}

function event(r: ProtoReader): Event {
  const e: Event = { name: '', timeMs: 0, attributes: {} };
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(field, wire, WIRE_I64);
      e.timeMs = nanosToMs(r.fixed64());
    } else if (field === 2) {
      r.expect(field, wire, WIRE_LEN);
      e.name = r.string();
    } else if (field === 3) {
      r.expect(field, wire, WIRE_LEN);
      keyValue(r.message(), e.attributes);
    } else r.skip(wire);
  }
  return e;
}

function status(r: ProtoReader): { code: number; message: string } {
  const s = { code: 0, message: '' };
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 2) {
      r.expect(field, wire, WIRE_LEN);
      s.message = r.string();
    } else if (field === 3) {
      r.expect(field, wire, WIRE_VARINT);
      s.code = r.uint32();
    } else r.skip(wire);
  }
  return s;
}

interface Scope {
  name: string;
  version: string;
}

function span(r: ProtoReader, resource: Record<string, unknown>, scope: Scope): IngestSpan {
  r.budget = new Budget(MAX_SPAN_FIELDS, 'a span');
  let traceId: string | null = null;
  let spanId: string | null = null;
  let parent = '';
  let name = '';
  let kind = 0;
  let start = 0n;
  let end = 0n;
  const attrs: Record<string, unknown> = {};
  const events: Event[] = [];
  let st = { code: 0, message: '' };
  while (!r.done) {
    const [field, wire] = r.tag();
    switch (field) {
      case 1:
        r.expect(field, wire, WIRE_LEN);
        traceId = r.hex();
        break;
      case 2:
        r.expect(field, wire, WIRE_LEN);
        spanId = r.hex();
        break;
      case 4:
        r.expect(field, wire, WIRE_LEN);
        parent = r.hex();
        break;
      case 5:
        r.expect(field, wire, WIRE_LEN);
        name = r.string();
        break;
      case 6:
        r.expect(field, wire, WIRE_VARINT);
        kind = r.uint32();
        break;
      case 7:
        r.expect(field, wire, WIRE_I64);
        start = r.fixed64();
        break;
      case 8:
        r.expect(field, wire, WIRE_I64);
        end = r.fixed64();
        break;
      case 9:
        r.expect(field, wire, WIRE_LEN);
        keyValue(r.message(), attrs);
        break;
      case 11:
        r.expect(field, wire, WIRE_LEN);
        events.push(event(r.message()));
        break;
      case 15:
        r.expect(field, wire, WIRE_LEN);
        st = status(r.message());
        break;
      case 16:
        r.expect(field, wire, WIRE_I32);
        r.skip(wire);
        break;
      default:
        r.skip(wire);
    }
  }
  if (traceId === null || spanId === null) throw new PayloadError('span without trace_id or span_id');
  return {
    traceId: checkId(traceId, 16, 'trace_id'),
    spanId: checkId(spanId, 8, 'span_id'),
    parentSpanId: parent === '' ? null : checkId(parent, 8, 'parent_span_id'),
    name,
    kind,
    startTimeMs: nanosToMs(start),
    endTimeMs: Math.max(nanosToMs(start), nanosToMs(end)),
    statusCode: st.code,
    statusMessage: st.message,
    attributes: attributes(attrs),
    events,
    resource,
    scopeName: scope.name,
    scopeVersion: scope.version,
  };
}

function instrumentationScope(r: ProtoReader): Scope {
  r.budget = new Budget(MAX_SPAN_FIELDS, 'an instrumentation scope');
  const scope: Scope = { name: '', version: '' };
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(field, wire, WIRE_LEN);
      scope.name = r.string();
    } else if (field === 2) {
      r.expect(field, wire, WIRE_LEN);
      scope.version = r.string();
    } else r.skip(wire);
  }
  return scope;
}

/** ScopeSpans: the scope may follow the spans on the wire, so spans are decoded after it. */
async function scopeSpans(r: ProtoReader, resource: Record<string, unknown>, out: IngestSpan[], slicer: Slicer): Promise<void> {
  let scope: Scope = { name: '', version: '' };
  const spanReaders: ProtoReader[] = [];
  while (!r.done) {
    if (slicer.due()) await slicer.pause();
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(field, wire, WIRE_LEN);
      scope = instrumentationScope(r.message());
    } else if (field === 2) {
      r.expect(field, wire, WIRE_LEN);
      spanReaders.push(r.message());
    } else r.skip(wire);
  }
  for (const s of spanReaders) {
    if (slicer.due()) await slicer.pause();
    out.push(span(s, resource, scope));
  }
}

/** ResourceSpans: the resource may follow the scope spans on the wire as well. */
async function resourceSpans(r: ProtoReader, out: IngestSpan[], slicer: Slicer): Promise<void> {
  let resource: Record<string, unknown> = {};
  const scopeReaders: ProtoReader[] = [];
  while (!r.done) {
    if (slicer.due()) await slicer.pause();
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(field, wire, WIRE_LEN);
      const message = r.message();
      message.budget = new Budget(MAX_SPAN_FIELDS, 'a resource');
      resource = keyValueList(message); // Resource: field 1 is repeated KeyValue attributes
    } else if (field === 2) {
      r.expect(field, wire, WIRE_LEN);
      scopeReaders.push(r.message());
    } else r.skip(wire);
  }
  for (const s of scopeReaders) await scopeSpans(s, resource, out, slicer);
}

/**
 * Parses and validates the whole payload, giving the event loop back between spans; throws
 * PayloadError on anything malformed.
 */
export async function decodeProtoRequest(body: Uint8Array, slicer: Slicer): Promise<IngestSpan[]> {
  const r = new ProtoReader(body);
  const spans: IngestSpan[] = [];
  while (!r.done) {
    if (slicer.due()) await slicer.pause();
    const [field, wire] = r.tag();
    if (field === 1) {
      r.expect(field, wire, WIRE_LEN);
      await resourceSpans(r.message(), spans, slicer);
    } else r.skip(wire);
  }
  return spans;
}
