// A test OpenTelemetry SDK: spans to memory, AsyncLocalStorage context, and helpers to
// read the exported spans as a tree.
import { Agentspan, type AgentspanConfig } from '@agentspan/core';
import { FIXTURE_PRICES, type SpanNode } from '@agentspan/conformance';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

export interface TestSdk {
  exporter: InMemorySpanExporter;
  provider: BasicTracerProvider;
  agentspan(config?: AgentspanConfig): Agentspan;
}

let sdk: TestSdk | undefined;

/** One SDK per test file, registered as the global provider and context manager. */
export function testSdk(): TestSdk {
  if (sdk) return sdk;
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  sdk = {
    exporter,
    provider,
    agentspan: (config = {}) => new Agentspan({ tracerProvider: provider, prices: FIXTURE_PRICES, replaceBuiltInPrices: true, ...config }),
  };
  return sdk;
}

export { spanTrees, type SpanNode } from '@agentspan/conformance';

/** A tree as indented lines of span names: easy to compare and to read in a failure. */
export function outline(node: SpanNode, depth = 0): string[] {
  return [`${'  '.repeat(depth)}${node.name}`, ...node.children.flatMap((c) => outline(c, depth + 1))];
}
