// Registration beside the SDK's other trace processors (OpenAI's exporter among them): they
// keep receiving exactly what they received without agentspan; bad options fail at once;
// disabling restores the SDK; the processor never throws nor rejects, whatever it is handed.
import { Agentspan, AgentspanConfigError } from '@agentspan/core';
import { type ConformanceHarness, FIXTURE_PRICES, createHarness } from '@agentspan/conformance';
import { Agent, BatchTraceProcessor, Runner, setTraceProcessors, setTracingDisabled, tool } from '@openai/agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AgentspanTracingProcessor, instrumentOpenAIAgents } from '../src/index.js';
import { ScriptedModel, answer, callTool } from './support/scripted-model.js';

let harness: ConformanceHarness;
let agentspan: Agentspan;
const exported: unknown[] = [];
// What OpenAI's default processor is: a BatchTraceProcessor over an exporter (here one that records).
const openaiLike = new BatchTraceProcessor(
  {
    async export(items) {
      for (const item of items) exported.push(item.toJSON());
    },
  },
  { scheduleDelay: 60_000 },
);

beforeAll(() => {
  harness = createHarness();
  harness.register();
  setTracingDisabled(false);
  setTraceProcessors([openaiLike]);
  agentspan = new Agentspan({ tracerProvider: harness.tracerProvider, prices: FIXTURE_PRICES });
});
afterAll(async () => {
  await harness.shutdown();
});

/** The exported items without what differs between two runs of the same turn (ids, times). */
function comparable(items: unknown[]): unknown[] {
  return JSON.parse(
    JSON.stringify(items, (key, value: unknown) =>
      ['id', 'trace_id', 'parent_id', 'started_at', 'ended_at', 'group_id'].includes(key) ? undefined : value,
    ),
  ) as unknown[];
}

async function aTurn(): Promise<unknown[]> {
  exported.length = 0;
  const lookup = tool({ name: 'lookup_order', description: 'd', parameters: z.object({ orderId: z.string() }), execute: async () => ({ status: 'delivered' }) });
  const agent = new Agent({
    name: 'support-agent',
    model: new ScriptedModel([callTool('call_1', 'lookup_order', { orderId: '42' }), answer('Delivered.')]),
    tools: [lookup],
    inputGuardrails: [{ name: 'g', execute: async () => ({ tripwireTriggered: false, outputInfo: { ok: true } }) }],
  });
  await new Runner({ workflowName: 'support' }).run(agent, 'Where is order 42?');
  await openaiLike.forceFlush();
  return comparable(exported);
}

describe('beside the SDK\'s other trace processors', () => {
  it('they receive the same traces and spans, with the same data, as without agentspan', async () => {
    const dispose = instrumentOpenAIAgents({ agentspan });
    const withAgentspan = await aTurn();
    dispose();
    const without = await aTurn();
    expect(withAgentspan.length).toBeGreaterThan(5);
    expect(withAgentspan).toEqual(without);
    await harness.openSpans.waitUntilAllEnded(1000);
    // agentspan's spans came from the first turn only.
    expect(harness.finishedSpans().filter((s) => s.name === 'invoke_agent support-agent')).toHaveLength(1);
  });

  it('disabled, Runner.run is the SDK\'s own again; enabled anew, one span per operation (no second processor)', async () => {
    const original = Runner.prototype.run;
    const dispose = instrumentOpenAIAgents({ agentspan });
    expect(Runner.prototype.run).not.toBe(original);
    dispose();
    expect(Runner.prototype.run).toBe(original);
    await harness.reset();
    const again = instrumentOpenAIAgents({ agentspan });
    await aTurn();
    again();
    await harness.openSpans.waitUntilAllEnded(1000);
    expect(harness.finishedSpans().filter((s) => s.name.startsWith('apply_guardrail'))).toHaveLength(1);
  });
});

describe('options', () => {
  it('bad options fail at once with a clear error', () => {
    expect(() => instrumentOpenAIAgents({ agentsapn: agentspan } as never)).toThrow(AgentspanConfigError);
    expect(() => instrumentOpenAIAgents({ agentsapn: agentspan } as never)).toThrow("unknown option 'agentsapn'");
    expect(() => instrumentOpenAIAgents({ provider: 'openai' } as never)).toThrow('provider must be a function');
    expect(() => instrumentOpenAIAgents({ keepOtherProcessors: 'yes' } as never)).toThrow('keepOtherProcessors must be a boolean');
    expect(() => instrumentOpenAIAgents({ agentspan: {} } as never)).toThrow('agentspan must be an Agentspan instance');
    expect(() => instrumentOpenAIAgents(null as never)).toThrow('options must be an object');
  });

  it('a second enable without the disposer fails', () => {
    const dispose = instrumentOpenAIAgents({ agentspan });
    try {
      expect(() => instrumentOpenAIAgents({ agentspan })).toThrow('already enabled');
    } finally {
      dispose();
    }
  });
});

describe('the trace processor', () => {
  it('never throws nor rejects, whatever span it is handed', async () => {
    const dispose = instrumentOpenAIAgents({ agentspan });
    const processor = new AgentspanTracingProcessor();
    const hostile = new Proxy(
      { spanId: 'x' },
      {
        get(_target, key) {
          if (key === 'spanId') return 'x';
          throw new Error(`no ${String(key)}`);
        },
      },
    );
    try {
      for (const span of [undefined, null, 42, 'span', {}, { spanId: 7 }, { spanId: 'a', spanData: null }, hostile]) {
        await expect(processor.onSpanStart(span)).resolves.toBeUndefined();
        await expect(processor.onSpanEnd(span)).resolves.toBeUndefined();
      }
      await expect(processor.onTraceStart()).resolves.toBeUndefined();
      await expect(processor.shutdown()).resolves.toBeUndefined();
      await expect(processor.forceFlush()).resolves.toBeUndefined();
    } finally {
      dispose();
    }
  });
});
