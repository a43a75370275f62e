// E1 must fail broken producers: each adapter below breaks one of its rules on top of the
// manual-API adapter, and the comparison (or a problem) must say so.
import { isDeepStrictEqual } from 'node:util';
import { type Context, context } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TurnRequest } from '../src/adapter.js';
import type { EvaluationAdapter } from '../src/evaluation/adapter.js';
import { type LogsHarness, createLogsHarness } from '../src/evaluation/logs-harness.js';
import { runEvaluationScenario } from '../src/evaluation/run.js';
import { type ConformanceHarness, createHarness } from '../src/harness.js';
import { coreManualAdapter } from '../src/reference/core-manual-adapter.js';

function broken(name: string, runTurn: (turn: TurnRequest) => Promise<void>): EvaluationAdapter {
  return { name, runTurn };
}

describe('E1 fails producers that break it', () => {
  let harness: ConformanceHarness;
  let logs: LogsHarness;
  beforeAll(() => {
    harness = createHarness();
    harness.register();
    logs = createLogsHarness();
  });
  afterAll(async () => {
    await logs.shutdown();
    await harness.shutdown();
  });

  async function run(adapter: EvaluationAdapter, capture = false) {
    const result = await runEvaluationScenario(harness, logs, adapter, capture);
    return { ...result, passed: result.problems.length === 0 && isDeepStrictEqual(result.actual, result.expected) };
  }

  it('passes the reference adapter', async () => {
    expect((await run(coreManualAdapter)).passed).toBe(true);
    expect((await run(coreManualAdapter, true)).passed).toBe(true);
  });

  it('reports chats that do not name the prompt', async () => {
    const result = await run(broken('ignores the prompt', (turn) => coreManualAdapter.runTurn({ ...turn, prompt: undefined })));
    expect(result.passed).toBe(false);
    expect(result.actual.chatPrompts).toEqual([{}, {}]);
    // The evaluation's metric labels and the finished turn lose the prompt too.
    expect(result.actual.finishedTurn?.prompt).toBeUndefined();
  });

  it('reports a wrong prompt version', async () => {
    const result = await run(
      broken('versions the prompt its own way', (turn) =>
        coreManualAdapter.runTurn({ ...turn, prompt: turn.prompt && { ...turn.prompt, version: 'v2-ACME' } }),
      ),
    );
    expect(result.passed).toBe(false);
  });

  it('reports a turn that hands out no ids (not a turn of its own)', async () => {
    let outer: Context | undefined;
    const adapter = broken('runs the turn in a stale context', async (turn) => {
      const agent = turn.agentspan.startAgent({ name: 'outside' });
      outer = agent.context;
      agent.end();
      await context.with(outer, () => coreManualAdapter.runTurn(turn));
    });
    const result = await run(adapter);
    expect(result.passed).toBe(false);
  });

  it('reports an HTTP adapter whose feedback route refuses the feedback', async () => {
    const adapter: EvaluationAdapter = {
      name: 'feedback route answers 400',
      transport: 'http',
      runTurn: (turn) => coreManualAdapter.runTurn(turn),
      runRatedTurn: async (turn) => {
        const { turn: ref } = await turn.agentspan.captureTurn(() => coreManualAdapter.runTurn(turn));
        return `00-${ref?.traceId}-${ref?.spanId}-01`;
      },
      sendFeedback: async () => 400,
    };
    const result = await run(adapter);
    expect(result.problems).toContain('the feedback route answered 400, not 202');
  });
});
