// Unit-test plumbing: the conformance suite's OpenTelemetry harness, a fresh core instance,
// and helpers to read the GenAI spans back as a compact tree.
import { Agentspan, type AgentspanConfig } from '@agentspan/core';
import { type ConformanceHarness, FIXTURE_PRICES, type SpanNode, createHarness, spanTrees } from '@agentspan/conformance';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll } from 'vitest';

export interface TestEnv {
  harness: ConformanceHarness;
  agentspan(config?: AgentspanConfig): Agentspan;
  /** Waits for open spans, then returns the finished ones. */
  spans(): Promise<ReadableSpan[]>;
}

/** Registers the harness for the file; resets spans and the AI SDK's global integrations after each test. */
export function useTestEnv(): TestEnv {
  let harness: ConformanceHarness;
  beforeAll(() => {
    harness = createHarness();
    harness.register();
  });
  afterAll(async () => {
    await harness.shutdown();
  });
  afterEach(async () => {
    globalThis.AI_SDK_TELEMETRY_INTEGRATIONS = undefined;
    await harness.reset();
  });
  return {
    get harness() {
      return harness;
    },
    agentspan: (config) => new Agentspan({ tracerProvider: harness.tracerProvider, prices: FIXTURE_PRICES, ...config }),
    async spans() {
      const open = await harness.openSpans.waitUntilAllEnded(1000);
      if (open.length > 0) throw new Error(`spans left open: ${open.join(', ')}`);
      return harness.finishedSpans();
    },
  };
}

/** `name` lines indented by depth (` !` on errors), children in start order: a readable tree to compare. */
export function tree(spans: readonly ReadableSpan[]): string[] {
  const lines = (node: SpanNode, depth: number): string[] => [
    `${'  '.repeat(depth)}${node.name}${node.span.status.code === 2 ? ' !' : ''}`,
    ...node.children.flatMap((c) => lines(c, depth + 1)),
  ];
  return spanTrees(spans).flatMap((root) => lines(root, 0));
}

export function byOperation(spans: readonly ReadableSpan[], operation: string): ReadableSpan[] {
  return spans.filter((s) => s.attributes['gen_ai.operation.name'] === operation);
}
