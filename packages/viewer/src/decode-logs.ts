// Decodes an OTLP ExportLogsServiceRequest (JSON or protobuf) into the evaluations it carries:
// gen_ai.evaluation.result records tied to a span. Every record is checked like a span is
// (ids, values, bounds); a malformed one fails the payload (400), other kinds are skipped.
import { attributes as jsonAttributes, int64, list, object, parseBody, str } from './decode-json.js';
import { attributes as protoAttributes, keyValue } from './decode-proto.js';
import { type IngestEvaluation, type IngestLogRecord, evaluationOf } from './ingest-evaluation.js';
import { Budget, checkId, MAX_SPAN_FIELDS, MAX_SPAN_VALUES, nanosToMs } from './ingest-span.js';
import { ProtoReader, WIRE_I64, WIRE_LEN } from './proto-reader.js';
import type { Slicer } from './slicer.js';

function ids(traceId: string, spanId: string): Pick<IngestLogRecord, 'traceId' | 'spanId'> {
  if (traceId === '' || spanId === '') return { traceId: null, spanId: null };
  return { traceId: checkId(traceId, 16, 'traceId'), spanId: checkId(spanId, 8, 'spanId') };
}

function jsonRecord(raw: unknown): IngestLogRecord {
  const r = object(raw, 'log record');
  const time = int64(r.timeUnixNano, 'timeUnixNano') || int64(r.observedTimeUnixNano, 'observedTimeUnixNano');
  return {
    ...ids(str(r.traceId, 'traceId'), str(r.spanId, 'spanId')),
    timeMs: nanosToMs(time),
    eventName: str(r.eventName, 'eventName'),
    attributes: jsonAttributes(r.attributes, 'log attribute', new Budget(MAX_SPAN_VALUES, 'a log record')),
  };
}

/** The evaluations of a payload, and how many other log records it held (not kept). */
export interface DecodedLogs {
  evaluations: IngestEvaluation[];
  others: number;
}

function keep(out: DecodedLogs, record: IngestLogRecord): void {
  const evaluation = evaluationOf(record);
  if (evaluation === null) out.others += 1;
  else out.evaluations.push(evaluation);
}

export async function decodeJsonLogs(body: Buffer, slicer: Slicer): Promise<DecodedLogs> {
  const request = object(await parseBody(body, slicer), 'request');
  const out: DecodedLogs = { evaluations: [], others: 0 };
  for (const rl of list(request.resourceLogs, 'resourceLogs')) {
    for (const sl of list(object(rl, 'resourceLogs item').scopeLogs, 'scopeLogs')) {
      for (const record of list(object(sl, 'scopeLogs item').logRecords, 'logRecords')) {
        if (slicer.due()) await slicer.pause();
        keep(out, jsonRecord(record));
      }
    }
  }
  return out;
}

/** LogRecord: 1 time, 6 attributes, 9 trace_id, 10 span_id, 11 observed time, 12 event_name. */
function protoRecord(r: ProtoReader): IngestLogRecord {
  r.budget = new Budget(MAX_SPAN_FIELDS, 'a log record');
  let traceId = '';
  let spanId = '';
  let time = 0n;
  let observed = 0n;
  let eventName = '';
  const attrs: Record<string, unknown> = {};
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === 1 || field === 11) {
      r.expect(field, wire, WIRE_I64);
      if (field === 1) time = r.fixed64();
      else observed = r.fixed64();
    } else if (field === 6 || field === 9 || field === 10 || field === 12) {
      r.expect(field, wire, WIRE_LEN);
      if (field === 6) keyValue(r.message(), attrs);
      else if (field === 9) traceId = r.hex();
      else if (field === 10) spanId = r.hex();
      else eventName = r.string();
    } else r.skip(wire);
  }
  return { ...ids(traceId, spanId), timeMs: nanosToMs(time || observed), eventName, attributes: protoAttributes(attrs) };
}

/** The embedded messages of one repeated field of a message. */
function messages(r: ProtoReader, wanted: number): ProtoReader[] {
  const out: ProtoReader[] = [];
  while (!r.done) {
    const [field, wire] = r.tag();
    if (field === wanted) {
      r.expect(field, wire, WIRE_LEN);
      out.push(r.message());
    } else r.skip(wire);
  }
  return out;
}

export async function decodeProtoLogs(body: Uint8Array, slicer: Slicer): Promise<DecodedLogs> {
  const out: DecodedLogs = { evaluations: [], others: 0 };
  for (const resourceLogs of messages(new ProtoReader(body), 1)) {
    for (const scopeLogs of messages(resourceLogs, 2)) {
      for (const record of messages(scopeLogs, 2)) {
        if (slicer.due()) await slicer.pause();
        keep(out, protoRecord(record));
      }
    }
  }
  return out;
}
