// OpenTelemetry in the MCP server's process: spans to OTEL_EXPORTER_OTLP_ENDPOINT when it is
// set; to the JSON-lines file AGENTSPAN_SPANS_FILE when a parent process asks for them (the
// example's main and the tests read them back to show one tree); else printed to stderr as
// a tree when the server stops (stdout is the stdio transport's).
import { JsonLinesSpanExporter, SPANS_FILE_ENV } from '@agentspan/conformance/runner';
import { otlpSpanProcessors, renderTree } from '@agentspan/example-kit';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface ServerTelemetry {
  tracerProvider: BasicTracerProvider;
  shutdown(): Promise<void>;
}

export function startServerTelemetry(serviceName: string, env: Record<string, string | undefined> = process.env): ServerTelemetry {
  const spansFile = env[SPANS_FILE_ENV];
  const otlp = otlpSpanProcessors(env);
  const memory = spansFile || otlp.length > 0 ? undefined : new InMemorySpanExporter();
  const processors: SpanProcessor[] = [
    ...otlp,
    ...(spansFile ? [new SimpleSpanProcessor(new JsonLinesSpanExporter(spansFile))] : []),
    ...(memory ? [new SimpleSpanProcessor(memory)] : []),
  ];
  const tracerProvider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), spanProcessors: processors });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  // What NodeSDK registers: W3C trace context and baggage (the MCP spans read `_meta` with it).
  propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
  return {
    tracerProvider,
    async shutdown() {
      await tracerProvider.forceFlush();
      if (memory && memory.getFinishedSpans().length > 0) process.stderr.write(`${renderTree(memory.getFinishedSpans()).join('\n')}\n`);
      await tracerProvider.shutdown();
    },
  };
}
