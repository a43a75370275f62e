// The OpenTelemetry SDK the suite owns: a tracer provider exporting to memory, the open-span
// counter, a meter provider with an in-memory reader, registered as the process globals.
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, metrics, trace } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { DeltaMetricReader } from './metric-reader.js';
import { OpenSpanCounter } from './open-span-counter.js';
import { DiagnosticsRecorder } from './sdk-diagnostics.js';

export interface ConformanceHarness {
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  readonly exporter: InMemorySpanExporter;
  readonly openSpans: OpenSpanCounter;
  readonly metricReader: DeltaMetricReader;
  readonly diagnostics: DiagnosticsRecorder;
  /** Finished spans exported since the last reset. */
  finishedSpans(): ReadableSpan[];
  /** Forgets exported spans, open spans, recorded metrics and diagnostics. */
  reset(): Promise<void>;
  /** Sets the globals (tracer provider, meter provider, AsyncLocalStorage context manager, diag). */
  register(): void;
  /** Unsets the globals and shuts the providers down. */
  shutdown(): Promise<void>;
}

export interface HarnessOptions {
  /** More span processors beside the suite's own, e.g. an OTLP exporter to a viewer. */
  spanProcessors?: SpanProcessor[];
}

export function createHarness(options: HarnessOptions = {}): ConformanceHarness {
  const exporter = new InMemorySpanExporter();
  const openSpans = new OpenSpanCounter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [openSpans, new SimpleSpanProcessor(exporter), ...(options.spanProcessors ?? [])],
  });
  const metricReader = new DeltaMetricReader();
  const meterProvider = new MeterProvider({ readers: [metricReader] });
  const diagnostics = new DiagnosticsRecorder();
  let contextManager: AsyncLocalStorageContextManager | undefined;

  return {
    tracerProvider,
    meterProvider,
    exporter,
    openSpans,
    metricReader,
    diagnostics,
    finishedSpans: () => exporter.getFinishedSpans(),
    async reset() {
      await tracerProvider.forceFlush();
      exporter.reset();
      openSpans.reset();
      await metricReader.takeRecorded();
      diagnostics.take();
    },
    register() {
      // A previous registration in this process (another suite file) would make set* no-ops.
      trace.disable();
      context.disable();
      metrics.disable();
      contextManager = new AsyncLocalStorageContextManager().enable();
      context.setGlobalContextManager(contextManager);
      trace.setGlobalTracerProvider(tracerProvider);
      metrics.setGlobalMeterProvider(meterProvider);
      diagnostics.install();
    },
    async shutdown() {
      trace.disable();
      context.disable();
      metrics.disable();
      diagnostics.uninstall();
      contextManager?.disable();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
