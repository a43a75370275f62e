// Hand-made finished spans with exact times, from a real SDK tracer (no adapter, no core).
import { type Attributes, context, type Span, SpanKind, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export interface SpanSpec {
  name: string;
  kind?: SpanKind;
  attributes?: Attributes;
  /** Milliseconds after the trace's origin. */
  start: number;
  end: number;
  error?: boolean;
  ok?: boolean;
  events?: string[];
  children?: SpanSpec[];
}

const ORIGIN_MS = 1_700_000_000_000;

/** Records one trace whose shape is `root` and returns its finished spans. */
export function handMadeTrace(root: SpanSpec): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('hand-made');
  const record = (spec: SpanSpec, parent: Span | undefined): void => {
    const parentContext = parent ? trace.setSpan(context.active(), parent) : context.active();
    const span = tracer.startSpan(
      spec.name,
      { kind: spec.kind ?? SpanKind.INTERNAL, attributes: spec.attributes, startTime: ORIGIN_MS + spec.start },
      parentContext,
    );
    for (const event of spec.events ?? []) span.addEvent(event);
    if (spec.error) span.setStatus({ code: 2 });
    if (spec.ok) span.setStatus({ code: 1 });
    for (const child of spec.children ?? []) record(child, span);
    span.end(ORIGIN_MS + spec.end);
  };
  record(root, undefined);
  return exporter.getFinishedSpans();
}
