// The suite's HTTP path (request SERVER span kept as the root, rollups on it, one server span),
// exercised with the core's HTTP request trace on a plain node:http server. Not an adapter
// claim: the streaming scenarios need an SSE adapter and are the HTTP adapters' own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type ConformanceHarness } from '../src/harness.js';
import { runScenario } from '../src/run-scenario.js';
import type { ScenarioId } from '../src/scenarios.js';
import { httpTurnAdapter } from './support/http-turn-server.js';

describe('HTTP transport', () => {
  const adapter = httpTurnAdapter();
  let harness: ConformanceHarness;
  beforeAll(async () => {
    harness = createHarness();
    harness.register();
    await adapter.setup?.({ tracerProvider: harness.tracerProvider, meterProvider: harness.meterProvider });
  });
  afterAll(async () => {
    await adapter.teardown?.();
    await harness.shutdown();
  });

  it('expects the S1 tree under a SERVER span carrying the rollups and ids', async () => {
    const result = await runScenario(harness, adapter, 'S1');
    expect(result.expected[0]?.[0]).toMatchObject({
      name: 'POST /chat',
      kind: 'SERVER',
      attributes: {
        'gen_ai.conversation.id': 'conv-42',
        'user.id': 'user-7',
        'agentspan.usage.input_tokens': 932,
        'agentspan.usage.output_tokens': 88,
        'agentspan.cost.usd': 0.000183,
        'agentspan.llm.calls': 2,
        'agentspan.tool.calls': 1,
      },
    });
    expect(result.actual.map((trace) => trace.map((root) => root.name))).toEqual([['POST /chat']]);
  });

  // The turn's subtree is the direct scenarios' business: here the request span alone is compared.
  it.each<ScenarioId>(['S1', 'S3', 'S5'])('%s: the request span matches, whatever the response status', async (id) => {
    const result = await runScenario(harness, adapter, id);
    expect(result.problems).toEqual([]);
    const strip = (trace: (typeof result.actual)[number]) => trace.map((root) => ({ ...root, children: root.children.length }));
    expect(result.actual.map(strip)).toEqual(result.expected.map(strip));
  });
});
