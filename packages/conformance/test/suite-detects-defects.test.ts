// The suite must fail broken producers: each adapter below breaks one rule of the spec on
// top of the manual-API adapter, and the scenario that encodes the rule must not pass.
import { ATTR_GEN_AI_REQUEST_STREAM } from '@agentspan/semconv';
import { type Context, context } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConformanceAdapter, TurnRequest } from '../src/adapter.js';
import { PII } from '../src/fixture.js';
import { type ConformanceHarness, createHarness } from '../src/harness.js';
import { runScenario } from '../src/run-scenario.js';
import { coreManualAdapter } from '../src/reference/core-manual-adapter.js';

function broken(name: string, runTurn: (turn: TurnRequest) => Promise<void>): ConformanceAdapter {
  return { name, runTurn };
}

describe('the suite fails producers that break the contract', () => {
  let harness: ConformanceHarness;
  beforeAll(() => {
    harness = createHarness();
    harness.register();
  });
  afterAll(() => harness.shutdown());

  it('reports a span left open', async () => {
    const adapter = broken('forgets a span', async (turn) => {
      await coreManualAdapter.runTurn(turn);
      turn.agentspan.startTool({ name: 'forgotten' });
    });
    const result = await runScenario(harness, adapter, 'S1', { openSpanTimeoutMs: 50 });
    expect(result.passed).toBe(false);
    expect(result.problems).toContain('span(s) left open: execute_tool forgotten');
  });

  it('reports turns parented across each other (S5)', async () => {
    let firstTurn: Context | undefined;
    const adapter = broken('runs every turn inside the first one', (turn) => {
      const outer = firstTurn ? undefined : turn.agentspan.startAgent({ name: 'first request' });
      firstTurn ??= outer!.context;
      return context.with(firstTurn, () => coreManualAdapter.runTurn(turn)).finally(() => outer?.end());
    });
    const result = await runScenario(harness, adapter, 'S5');
    expect(result.passed).toBe(false);
    expect(result.actual).toHaveLength(1);
  });

  it('reports a caller who receives another error than the model error (S3)', async () => {
    const adapter = broken('wraps the error', async (turn) => {
      try {
        await coreManualAdapter.runTurn(turn);
      } catch (error) {
        throw new Error('turn failed', { cause: error });
      }
    });
    const result = await runScenario(harness, adapter, 'S3');
    expect(result.passed).toBe(false);
    expect(result.problems.join('\n')).toMatch(/another object than the model error/);
  });

  it('reports a final chat that did not stream (S4)', async () => {
    const adapter = broken('never streams', (turn) => coreManualAdapter.runTurn({ ...turn, variant: 'ok' }));
    const result = await runScenario(harness, adapter, 'S4');
    expect(result.passed).toBe(false);
    expect(result.problems.join('\n')).toContain(`has no ${ATTR_GEN_AI_REQUEST_STREAM}=true`);
  });

  it('reports raw personal data in an exported attribute (S6)', async () => {
    const adapter = broken('copies the user message', async (turn) => {
      await coreManualAdapter.runTurn(turn);
      turn.agentspan.agent({ name: 'support-agent', attributes: { 'app.question': turn.userMessage } }, () => {});
    });
    const result = await runScenario(harness, adapter, 'S6-capture-off');
    expect(result.passed).toBe(false);
    expect(result.problems.join('\n')).toContain(PII.email);
  });
});
