// A test OpenTelemetry SDK: spans to memory, AsyncLocalStorage context, and helpers to
// read the exported spans as a tree.
import { Agentspan, type AgentspanConfig } from '@agentspan/core';
import { FIXTURE_PRICES } from '@agentspan/conformance';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';

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

export interface SpanNode {
  span: ReadableSpan;
  name: string;
  children: SpanNode[];
}

/** Finished spans as trees (roots: spans whose parent was not exported), children by start time. */
export function spanTrees(spans: readonly ReadableSpan[]): SpanNode[] {
  const nodes = new Map(spans.map((s) => [s.spanContext().spanId, { span: s, name: s.name, children: [] as SpanNode[] }]));
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanContext?.spanId;
    const parentNode = parent ? nodes.get(parent) : undefined;
    if (parentNode) parentNode.children.push(node);
    else roots.push(node);
  }
  const byStart = (a: SpanNode, b: SpanNode) => hr(a.span.startTime) - hr(b.span.startTime) || hr(a.span.endTime) - hr(b.span.endTime);
  const sort = (list: SpanNode[]) => {
    list.sort(byStart);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

function hr(t: [number, number]): number {
  return t[0] * 1e9 + t[1];
}

/** A tree as indented lines of span names: easy to compare and to read in a failure. */
export function outline(node: SpanNode, depth = 0): string[] {
  return [`${'  '.repeat(depth)}${node.name}`, ...node.children.flatMap((c) => outline(c, depth + 1))];
}
