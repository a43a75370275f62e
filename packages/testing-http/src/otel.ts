// The OpenTelemetry SDK of these tests: spans to memory, the AsyncLocalStorage context
// manager, and instrumentation-http on incoming requests (as in production).
import { createRequire } from 'node:module';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

export interface TestOtel {
  exporter: InMemorySpanExporter;
  provider: BasicTracerProvider;
  http: HttpInstrumentation | undefined;
  spans(): ReadableSpan[];
}

/**
 * Call before express or supertest is loaded: instrumentation-http patches `http` when it is
 * required. `processors`: more span processors (an open-span counter).
 */
export function setupOtel(options: { http?: boolean; processors?: SpanProcessor[] } = {}): TestOtel {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter), ...(options.processors ?? [])] });
  trace.disable();
  context.disable();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  let http: HttpInstrumentation | undefined;
  if (options.http !== false) {
    http = new HttpInstrumentation({ disableOutgoingRequestInstrumentation: true });
    http.setTracerProvider(provider);
    http.enable();
    createRequire(import.meta.url)('http'); // the hook patches on require
  }
  return { exporter, provider, http, spans: () => exporter.getFinishedSpans() };
}

export function childrenOf(spans: readonly ReadableSpan[], parent: ReadableSpan): ReadableSpan[] {
  const id = parent.spanContext().spanId;
  return spans
    .filter((s) => s.parentSpanContext?.spanId === id)
    .sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
}

export function byName(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const found = spans.find((s) => s.name === name);
  if (!found) throw new Error(`no span ${name}; have ${spans.map((s) => s.name).join(', ')}`);
  return found;
}

/** Waits until `predicate` holds (spans end on events after the response reached the client). */
export async function until(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for spans');
    await new Promise((r) => setTimeout(r, 5));
  }
}
