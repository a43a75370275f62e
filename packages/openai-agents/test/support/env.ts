// Test plumbing: the conformance suite's OpenTelemetry harness, a fresh core instance per
// test, the instrumentation enabled per file, the SDK's own tracing on (vitest sets
// NODE_ENV=test, under which the SDK turns it off), and the GenAI spans as a compact tree.
import { Agentspan, type AgentspanConfig } from '@agentspan/core';
import { type ConformanceHarness, FIXTURE_PRICES, type SpanNode, createHarness, spanTrees } from '@agentspan/conformance';
import { setTracingDisabled } from '@openai/agents';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type OpenAIAgentsInstrumentationOptions, instrumentOpenAIAgents } from '../../src/index.js';

export interface TestEnv {
  readonly harness: ConformanceHarness;
  readonly agentspan: Agentspan;
  /** Re-enables the instrumentation with other options (or a core instance with another config). */
  reconfigure(options?: OpenAIAgentsInstrumentationOptions, config?: AgentspanConfig): void;
  /** Waits for open spans (fails if any stays open), then returns the finished ones. */
  spans(): Promise<ReadableSpan[]>;
  /** Diagnostics agentspan reported (internal faults) since the last call. */
  diagnostics(): string[];
  /** Runs fn with the instrumentation disabled (the SDK as it is without agentspan). */
  untraced<T>(fn: () => Promise<T>): Promise<T>;
}

export function useTestEnv(options: OpenAIAgentsInstrumentationOptions = {}): TestEnv {
  let harness: ConformanceHarness;
  let agentspan: Agentspan;
  let dispose: (() => void) | undefined;
  const enable = (o: OpenAIAgentsInstrumentationOptions, config: AgentspanConfig = {}) => {
    dispose?.();
    agentspan = new Agentspan({ tracerProvider: harness.tracerProvider, meterProvider: harness.meterProvider, prices: FIXTURE_PRICES, ...config });
    dispose = instrumentOpenAIAgents({ agentspan, keepOtherProcessors: false, ...o });
  };
  beforeAll(() => {
    harness = createHarness();
    harness.register();
    setTracingDisabled(false);
    enable(options);
  });
  afterAll(async () => {
    dispose?.();
    await harness.shutdown();
  });
  afterEach(async () => {
    enable(options);
    await harness.reset();
  });
  return {
    get harness() {
      return harness;
    },
    get agentspan() {
      return agentspan;
    },
    reconfigure: (o = options, config) => enable(o, config),
    async spans() {
      const open = await harness.openSpans.waitUntilAllEnded(2000);
      if (open.length > 0) throw new Error(`spans left open: ${open.join(', ')}`);
      return harness.finishedSpans();
    },
    diagnostics: () => harness.diagnostics.take(),
    async untraced(fn) {
      dispose?.();
      dispose = undefined;
      try {
        return await fn();
      } finally {
        enable(options);
      }
    },
  };
}

/** `name` lines indented by depth (` !` on errors), children in start order. */
export function tree(spans: readonly ReadableSpan[]): string[] {
  const lines = (node: SpanNode, depth: number): string[] => [
    `${'  '.repeat(depth)}${node.name}${node.span.status.code === 2 ? ' !' : ''}`,
    ...node.children.flatMap((c) => lines(c, depth + 1)),
  ];
  return spanTrees(spans).flatMap((root) => lines(root, 0));
}

export function named(spans: readonly ReadableSpan[], name: string): ReadableSpan {
  const span = spans.find((s) => s.name === name);
  if (!span) throw new Error(`no span ${name} among ${spans.map((s) => s.name).join(', ')}`);
  return span;
}

export function parentOf(spans: readonly ReadableSpan[], span: ReadableSpan): ReadableSpan | undefined {
  return spans.find((s) => s.spanContext().spanId === span.parentSpanContext?.spanId);
}
