// describeConformance: registers the scenarios as vitest tests for one adapter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceAdapter } from './adapter.js';
import { type ConformanceHarness, createHarness } from './harness.js';
import { type RunScenarioOptions, runScenario } from './run-scenario.js';
import { SCENARIO_IDS, SCENARIOS } from './scenarios.js';

export interface ConformanceOptions extends RunScenarioOptions {
  /** Timeout of each scenario's test. Default 20000 ms. */
  testTimeoutMs?: number;
}

/**
 * Registers a `describe` block with one test per scenario (S1 to S9 and the S1 metrics); a
 * scenario the adapter declares it cannot express (`cannotExpress`) is a skipped test naming why.
 * The suite owns the OpenTelemetry SDK: it registers a tracer provider exporting to memory,
 * a meter provider and the AsyncLocalStorage context manager as the globals of the test file.
 */
export function describeConformance(adapter: ConformanceAdapter, options: ConformanceOptions = {}): void {
  describe(`agentspan conformance: ${adapter.name}`, () => {
    let harness: ConformanceHarness;

    beforeAll(async () => {
      harness = createHarness();
      harness.register();
      await adapter.setup?.({
        tracerProvider: harness.tracerProvider,
        meterProvider: harness.meterProvider,
      });
    });

    afterAll(async () => {
      try {
        await adapter.teardown?.();
      } finally {
        await harness.shutdown();
      }
    });

    for (const id of SCENARIO_IDS) {
      const optional = SCENARIOS[id].optional;
      const reason = optional ? adapter.cannotExpress?.[optional] : undefined;
      if (reason !== undefined) {
        it.skip(`${SCENARIOS[id].title} (not expressible: ${reason})`, () => {});
        continue;
      }
      it(
        SCENARIOS[id].title,
        async () => {
          const result = await runScenario(harness, adapter, id, options);
          // Problems first: an open span or a wrong caller outcome explains a tree difference.
          expect(result.problems, `${id}: checks beside the span tree`).toEqual([]);
          expect(result.actual, `${id}: normalised span trees`).toEqual(result.expected);
        },
        options.testTimeoutMs ?? 20_000,
      );
    }
  });
}
