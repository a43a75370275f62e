// The test environment: the conformance harness's SDK (in-memory exporter, open-span
// counter, diag recorder) registered as the globals, an agentspan instance per test, the
// MCP instrumentation installed once per file, and helpers to read the exported trees.
import { type ConformanceHarness, createHarness, spanTrees, type SpanNode } from '@agentspan/conformance';
import { Agentspan, type AgentspanConfig, setAgentspan } from '@agentspan/core';
import { propagation } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type McpInstrumentation, instrumentMcp } from '../../src/index.js';

export interface TestEnv {
  readonly harness: ConformanceHarness;
  readonly agentspan: Agentspan;
  /** A new core instance on the harness's providers (content capture and the like per test). */
  configure(config?: AgentspanConfig): Agentspan;
  spans(): Promise<ReadableSpan[]>;
}

/** Registers the W3C propagators as NodeSDK does (tests of the fallback unregister them). */
export function registerW3CPropagator(): void {
  propagation.disable();
  propagation.setGlobalPropagator(
    new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  );
}

export function useTestEnv(options: { instrument?: boolean; propagateTurnIds?: boolean } = {}): TestEnv {
  const harness = createHarness();
  let instrumentation: McpInstrumentation | undefined;
  let current: Agentspan | undefined;
  const env: TestEnv = {
    harness,
    get agentspan() {
      return current ?? env.configure();
    },
    configure(config = {}) {
      current = new Agentspan({ tracerProvider: harness.tracerProvider, meterProvider: harness.meterProvider, ...config });
      setAgentspan(current);
      return current;
    },
    async spans() {
      const open = await harness.openSpans.waitUntilAllEnded(2000);
      if (open.length > 0) throw new Error(`spans left open: ${open.join(', ')}`);
      await harness.tracerProvider.forceFlush();
      return harness.finishedSpans();
    },
  };
  beforeAll(() => {
    harness.register();
    registerW3CPropagator();
    if (options.instrument !== false) {
      // No instance given: the process-wide one is looked up per call, and configure() sets it.
      instrumentation = instrumentMcp(options.propagateTurnIds ? { propagateTurnIds: true } : {});
    }
  });
  beforeEach(async () => {
    env.configure();
    await harness.reset();
  });
  afterEach(() => {
    const problems = harness.diagnostics.take();
    if (problems.length > 0) throw new Error(`diag reported: ${problems.join('\n')}`);
  });
  afterAll(async () => {
    instrumentation?.uninstall();
    propagation.disable();
    await harness.shutdown();
  });
  return env;
}

/** An indented outline of span names (`name KIND`), for whole-tree assertions. */
export function outline(spans: readonly ReadableSpan[]): string[] {
  const kinds = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
  const lines: string[] = [];
  const walk = (node: SpanNode, depth: number): void => {
    lines.push(`${'  '.repeat(depth)}${node.name} ${kinds[node.span.kind]}`);
    for (const child of node.children) walk(child, depth + 1);
  };
  for (const root of spanTrees(spans)) walk(root, 0);
  return lines;
}

export function byName(spans: readonly ReadableSpan[], name: string, kind?: number): ReadableSpan {
  const found = spans.filter((s) => s.name === name && (kind === undefined || s.kind === kind));
  if (found.length !== 1) throw new Error(`expected one span '${name}', found ${found.length}: ${spans.map((s) => s.name).join(', ')}`);
  return found[0]!;
}
