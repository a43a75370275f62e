// A tracer provider exporting to memory, the AsyncLocalStorage context manager, and a
// compact text form of the exported span trees for assertions.
import { Agentspan } from '@agentspan/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface TestTracing {
  provider: BasicTracerProvider;
  exporter: InMemorySpanExporter;
  agentspan: Agentspan;
  spans(): ReadableSpan[];
  /** Each trace as indented lines "name [STATUS]" (status only when ERROR). */
  trees(): string[];
  byName(name: string): ReadableSpan[];
  shutdown(): Promise<void>;
}

let contextManager: AsyncLocalStorageContextManager | undefined;

export function setupTracing(config: ConstructorParameters<typeof Agentspan>[0] = {}): TestTracing {
  if (!contextManager) {
    contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
  }
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  const agentspan = new Agentspan({ tracerProvider: provider, ...config });
  const spans = () => exporter.getFinishedSpans();
  return {
    provider,
    exporter,
    agentspan,
    spans,
    trees: () => renderTrees(spans()),
    byName: (name) => spans().filter((s) => s.name === name),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
    },
  };
}

function startNs(span: ReadableSpan): number {
  return span.startTime[0] * 1e9 + span.startTime[1];
}

export function renderTrees(spans: readonly ReadableSpan[]): string[] {
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  const children = new Map<string, ReadableSpan[]>();
  const roots: ReadableSpan[] = [];
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    if (parent && ids.has(parent)) children.set(parent, [...(children.get(parent) ?? []), span]);
    else roots.push(span);
  }
  const lines = (span: ReadableSpan, depth: number): string[] => {
    const status = span.status.code === 2 ? ` [ERROR ${String(span.attributes['error.type'])}]` : '';
    const kids = (children.get(span.spanContext().spanId) ?? []).sort((a, b) => startNs(a) - startNs(b));
    return [`${'  '.repeat(depth)}${span.name}${status}`, ...kids.flatMap((k) => lines(k, depth + 1))];
  };
  return roots.sort((a, b) => startNs(a) - startNs(b)).map((root) => lines(root, 0).join('\n'));
}
