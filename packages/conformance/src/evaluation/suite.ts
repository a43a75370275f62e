// describeEvaluationConformance: scenario E1 as vitest tests for one adapter — prompt
// versions on its chat spans, an evaluator's result and a user's thumbs-down on its turn,
// identical through every adapter; once with content capture off, once on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConformanceHarness, createHarness } from '../harness.js';
import type { EvaluationAdapter } from './adapter.js';
import { type LogsHarness, createLogsHarness } from './logs-harness.js';
import { runEvaluationScenario } from './run.js';

export interface EvaluationConformanceOptions {
  /** Timeout of each test. Default 20000 ms. */
  testTimeoutMs?: number;
}

export function describeEvaluationConformance(adapter: EvaluationAdapter, options: EvaluationConformanceOptions = {}): void {
  describe(`agentspan conformance E1 (evaluations, feedback, prompt versions): ${adapter.name}`, () => {
    let harness: ConformanceHarness;
    let logs: LogsHarness;

    beforeAll(async () => {
      harness = createHarness();
      harness.register();
      logs = createLogsHarness();
      await adapter.setup?.({ tracerProvider: harness.tracerProvider, meterProvider: harness.meterProvider });
    });

    afterAll(async () => {
      try {
        await adapter.teardown?.();
      } finally {
        await logs.shutdown();
        await harness.shutdown();
      }
    });

    for (const capture of [false, true]) {
      it(
        capture
          ? 'E1b: with content capture, the prompt variables too (redacted)'
          : 'E1: the prompt version on every chat span; an evaluator and a thumbs-down on the turn',
        async () => {
          const result = await runEvaluationScenario(harness, logs, adapter, capture);
          expect(result.problems, 'checks beside the comparison').toEqual([]);
          expect(result.actual, 'span tree, prompt attributes, evaluation events, finished turn, score metric').toEqual(result.expected);
        },
        options.testTimeoutMs ?? 20_000,
      );
    }
  });
}
