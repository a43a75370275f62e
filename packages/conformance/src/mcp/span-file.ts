// Spans of another process, for scenarios that cross one (an MCP server): the other process
// writes each finished span as one JSON line to a file as it ends (synchronously, so a span
// is on disk before the response that ends it leaves), the suite reads them back as
// ReadableSpans beside its own.
import { appendFileSync, closeSync, openSync, readSync, statSync } from 'node:fs';
import { type Attributes, type HrTime, type Link, type SpanContext, type SpanKind, type SpanStatus, TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter, TimedEvent } from '@opentelemetry/sdk-trace-base';

/** The environment variable the other process reads the file's path from. */
export const SPANS_FILE_ENV = 'AGENTSPAN_SPANS_FILE';

interface SpanLine {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: SpanKind;
  startTime: HrTime;
  endTime: HrTime;
  duration: HrTime;
  status: SpanStatus;
  attributes: Attributes;
  events: { name: string; time: HrTime; attributes?: Attributes }[];
  links: { traceId: string; spanId: string; attributes?: Attributes }[];
  service?: string;
  scope: string;
}

function toLine(span: ReadableSpan): SpanLine {
  const context = span.spanContext();
  const parent = span.parentSpanContext;
  const service = span.resource.attributes['service.name'];
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    ...(parent ? { parentSpanId: parent.spanId } : {}),
    name: span.name,
    kind: span.kind,
    startTime: span.startTime,
    endTime: span.endTime,
    duration: span.duration,
    status: span.status,
    attributes: span.attributes,
    events: span.events.map((e) => ({ name: e.name, time: e.time, ...(e.attributes ? { attributes: e.attributes } : {}) })),
    links: span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId, ...(l.attributes ? { attributes: l.attributes } : {}) })),
    ...(typeof service === 'string' ? { service } : {}),
    scope: span.instrumentationScope.name,
  };
}

function contextOf(traceId: string, spanId: string): SpanContext {
  return { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true };
}

function fromLine(line: SpanLine): ReadableSpan {
  const context = contextOf(line.traceId, line.spanId);
  const links: Link[] = line.links.map((l) => ({ context: contextOf(l.traceId, l.spanId), ...(l.attributes ? { attributes: l.attributes } : {}) }));
  const events: TimedEvent[] = line.events.map((e) => ({ name: e.name, time: e.time, ...(e.attributes ? { attributes: e.attributes } : {}) }));
  const span = {
    name: line.name,
    kind: line.kind,
    spanContext: () => context,
    ...(line.parentSpanId ? { parentSpanContext: contextOf(line.traceId, line.parentSpanId) } : {}),
    startTime: line.startTime,
    endTime: line.endTime,
    duration: line.duration,
    status: line.status,
    attributes: line.attributes,
    links,
    events,
    ended: true,
    resource: { attributes: line.service ? { 'service.name': line.service } : {} },
    instrumentationScope: { name: line.scope },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
  return span as unknown as ReadableSpan;
}

/** Appends every exported span to `path` as one JSON line, synchronously (use with a SimpleSpanProcessor). */
export class JsonLinesSpanExporter implements SpanExporter {
  constructor(private readonly path: string) {}
  export(spans: ReadableSpan[], done: (result: { code: number; error?: Error }) => void): void {
    try {
      appendFileSync(this.path, spans.map((s) => `${JSON.stringify(toLine(s))}\n`).join(''));
      done({ code: 0 });
    } catch (error) {
      done({ code: 1, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

/** Reads the spans another process appended to a file; `reset()` forgets what was there. */
export class SpanFile {
  private offset = 0;
  constructor(readonly path: string) {}

  private size(): number {
    try {
      return statSync(this.path).size;
    } catch {
      return 0;
    }
  }

  /** Spans written before this call are not read again. */
  reset(): void {
    this.offset = this.size();
  }

  /** The spans written since the last reset (complete lines only). */
  read(): ReadableSpan[] {
    const end = this.size();
    if (end <= this.offset) return [];
    const buffer = Buffer.alloc(end - this.offset);
    const fd = openSync(this.path, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, this.offset);
    } finally {
      closeSync(fd);
    }
    const text = buffer.toString('utf8');
    const complete = text.lastIndexOf('\n') + 1;
    return text
      .slice(0, complete)
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => fromLine(JSON.parse(line) as SpanLine));
  }
}
