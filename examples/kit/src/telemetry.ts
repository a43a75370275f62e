// The OpenTelemetry set-up every example shares: an AsyncLocalStorage context manager and
// global providers; OTLP over HTTP when a collector is configured, else spans kept in
// memory and printed as a tree when the example shuts down.
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { renderTree } from './print-tree.js';

export interface TelemetryOptions {
  serviceName: string;
  /** Where the tree goes when nothing is exported (default: stdout). */
  print?: (text: string) => void;
  /** Defaults to process.env; the OTLP exporters read their own OTEL_EXPORTER_OTLP_* settings. */
  env?: Record<string, string | undefined>;
}

export interface Telemetry {
  readonly tracerProvider: BasicTracerProvider;
  readonly meterProvider: MeterProvider;
  /** 'otlp' when OTEL_EXPORTER_OTLP_ENDPOINT is set, else 'print'. */
  readonly mode: 'otlp' | 'print';
  /** Spans finished so far (print mode only; empty when exporting). */
  finishedSpans(): ReadableSpan[];
  /** Flushes (export) or prints the tree (print mode), then unsets the globals. */
  shutdown(): Promise<void>;
}

/**
 * The span processor that exports to OTEL_EXPORTER_OTLP_ENDPOINT over OTLP/HTTP, when it is
 * set (none otherwise): for programs that own their tracer provider, such as the demo.
 */
export function otlpSpanProcessors(env: Record<string, string | undefined> = process.env): SpanProcessor[] {
  return env.OTEL_EXPORTER_OTLP_ENDPOINT ? [new BatchSpanProcessor(new OTLPTraceExporter())] : [];
}

export function startTelemetry(options: TelemetryOptions): Telemetry {
  const env = options.env ?? process.env;
  const resource = resourceFromAttributes({ 'service.name': options.serviceName });
  const otlp = Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const memory = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    resource,
    spanProcessors: otlp ? otlpSpanProcessors(env) : [new SimpleSpanProcessor(memory)],
  });
  const meterProvider = new MeterProvider({
    resource,
    readers: otlp ? [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })] : [],
  });
  // Another registration in this process would turn the set* calls into no-ops.
  trace.disable();
  context.disable();
  metrics.disable();
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);

  return {
    tracerProvider,
    meterProvider,
    mode: otlp ? 'otlp' : 'print',
    finishedSpans: () => memory.getFinishedSpans(),
    async shutdown() {
      await tracerProvider.forceFlush();
      if (!otlp) {
        const print = options.print ?? ((text: string) => process.stdout.write(text));
        print(`${renderTree(memory.getFinishedSpans()).join('\n')}\n`);
      }
      trace.disable();
      context.disable();
      metrics.disable();
      contextManager.disable();
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
}
