// The in-process invocation span by the newest conventions: invoke_agent, invoke_workflow
// and handle_conversation_turn; is_nested; per-agent call counts; the replaced names behind
// OTEL_SEMCONV_STABILITY_OPT_IN; and whether a context already has a turn root.
import { context, trace } from '@opentelemetry/api';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it } from 'vitest';
import { Agentspan } from '../src/index.js';
import { setupOtel } from './helpers.js';

type Points = Map<string, { attributes: Record<string, unknown>; value: unknown }[]>;

async function points(reader: ReturnType<typeof setupOtel>['reader']): Promise<Points> {
  const { resourceMetrics } = (await reader.collect()) as { resourceMetrics: ResourceMetrics };
  const out: Points = new Map();
  for (const scope of resourceMetrics.scopeMetrics)
    for (const metric of scope.metrics)
      out.set(metric.descriptor.name, metric.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value })));
  return out;
}

function chat(as: Agentspan): void {
  as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini' }).end({ usage: { input_tokens: 10, output_tokens: 2 } });
}

/** A supervisor that calls a sub-agent from a tool: each agent's own calls. */
async function supervisorTurn(as: Agentspan): Promise<void> {
  await as.agent({ name: 'supervisor' }, async () => {
    chat(as);
    await as.tool({ name: 'ask_billing' }, () => as.agent({ name: 'billing-agent' }, async () => chat(as)));
    chat(as);
  });
}

function setup(config: ConstructorParameters<typeof Agentspan>[0] = {}) {
  const otel = setupOtel();
  const as = new Agentspan({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider, ...config });
  return { otel, as };
}

const restore: (() => void)[] = [];
afterEach(() => {
  for (const r of restore.splice(0)) r();
});

describe('invocation operations', () => {
  it('a workflow: invoke_workflow {name} with gen_ai.workflow.name and rollups; its tools name no agent', async () => {
    const { otel, as } = setup();
    await as.agent({ name: 'support-turn', operation: 'invoke_workflow', conversationId: 'c' }, async () => {
      chat(as);
      await as.tool({ name: 'lookup_order' }, async () => 1);
    });
    const spans = otel.exporter.getFinishedSpans();
    const root = spans.find((s) => s.name === 'invoke_workflow support-turn');
    expect(root?.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_workflow',
      'gen_ai.workflow.name': 'support-turn',
      'gen_ai.usage.input_tokens': 10,
      'agentspan.llm.calls': 1,
      'agentspan.tool.calls': 1,
    });
    expect(root?.attributes['gen_ai.agent.name']).toBeUndefined();
    const tool = spans.find((s) => s.name === 'execute_tool lookup_order');
    expect(tool?.attributes['gen_ai.agent.name']).toBeUndefined();
  });

  it('an agent run inside a workflow is its own invoke_agent (a default-named run does not merge into a workflow)', async () => {
    const { otel, as } = setup();
    await as.agent({ name: 'support-turn', operation: 'invoke_workflow' }, () =>
      as.agent({ name: 'LangGraph', isDefaultName: true }, async () => chat(as)),
    );
    const names = otel.exporter.getFinishedSpans().map((s) => s.name);
    expect(names).toContain('invoke_agent LangGraph');
  });

  it('handle_conversation_turn names the entry agent; inside another turn it becomes invoke_agent', async () => {
    const { otel, as } = setup();
    await as.agent({ name: 'triage', operation: 'handle_conversation_turn' }, () =>
      as.tool({ name: 'ask_swarm' }, () =>
        as.agent({ name: 'inner-entry', operation: 'handle_conversation_turn' }, async () => chat(as)),
      ),
    );
    const spans = otel.exporter.getFinishedSpans();
    const outer = spans.find((s) => s.name === 'handle_conversation_turn triage');
    expect(outer?.attributes['gen_ai.agent.name']).toBe('triage');
    const inner = spans.find((s) => s.attributes['gen_ai.agent.name'] === 'inner-entry');
    expect(inner?.name).toBe('invoke_agent inner-entry');
    expect(inner?.attributes['gen_ai.operation.name']).toBe('invoke_agent');
  });

  it('gen_ai.invocation.duration: is_nested false only for the outermost; call counts per agent, each call once', async () => {
    const { otel, as } = setup();
    await supervisorTurn(as);
    const m = await points(otel.reader);
    const durations = m.get('gen_ai.invocation.duration') ?? [];
    const nestedOf = (name: string) => durations.find((p) => p.attributes['gen_ai.agent.name'] === name)?.attributes['gen_ai.invocation.is_nested'];
    expect(nestedOf('supervisor')).toBe(false);
    expect(nestedOf('billing-agent')).toBe(true);
    const calls = m.get('gen_ai.invoke_agent.inference_calls') ?? [];
    const sumOf = (name: string) => (calls.find((p) => p.attributes['gen_ai.agent.name'] === name)?.value as { sum: number } | undefined)?.sum;
    expect(sumOf('supervisor')).toBe(2);
    expect(sumOf('billing-agent')).toBe(1);
    // The span rollups count the whole subtree.
    const root = otel.exporter.getFinishedSpans().find((s) => s.name === 'invoke_agent supervisor');
    expect(root?.attributes['agentspan.llm.calls']).toBe(3);
    expect(root?.attributes['agentspan.tool.calls']).toBe(1);
  });

  it('a workflow inside an agent is nested; workflows record no per-agent call counts', async () => {
    const { otel, as } = setup();
    await as.agent({ name: 'outer' }, () => as.agent({ name: 'wf', operation: 'invoke_workflow' }, async () => chat(as)));
    const m = await points(otel.reader);
    const wf = (m.get('gen_ai.invocation.duration') ?? []).find((p) => p.attributes['gen_ai.workflow.name'] === 'wf');
    expect(wf?.attributes).toMatchObject({ 'gen_ai.operation.name': 'invoke_workflow', 'gen_ai.invocation.is_nested': true });
    expect(wf?.attributes['gen_ai.agent.name']).toBeUndefined();
    const calls = m.get('gen_ai.invoke_agent.inference_calls') ?? [];
    expect(calls.map((p) => p.attributes['gen_ai.agent.name'])).toEqual(['outer']);
  });

  it('OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental/dup also emits the replaced names', async () => {
    const previous = process.env.OTEL_SEMCONV_STABILITY_OPT_IN;
    restore.push(() => {
      if (previous === undefined) delete process.env.OTEL_SEMCONV_STABILITY_OPT_IN;
      else process.env.OTEL_SEMCONV_STABILITY_OPT_IN = previous;
    });
    process.env.OTEL_SEMCONV_STABILITY_OPT_IN = 'http, gen_ai_latest_experimental/dup';
    const { otel, as } = setup();
    expect(as.config.legacyMetrics).toBe(true);
    await as.agent({ name: 'wf', operation: 'invoke_workflow' }, () =>
      as.agent({ name: 'a' }, async () => {
        as.startChat({ provider: 'anthropic', requestModel: 'claude' }).end({
          usage: { input_tokens: 10, output_tokens: 2, cache_creation_input_tokens: 4 },
        });
      }),
    );
    const m = await points(otel.reader);
    expect(m.get('gen_ai.invoke_agent.duration')?.[0]?.attributes['gen_ai.agent.name']).toBe('a');
    expect(m.get('gen_ai.invoke_workflow.duration')?.[0]?.attributes['gen_ai.workflow.name']).toBe('wf');
    expect(m.has('gen_ai.client.token.usage')).toBe(true);
    const chatSpan = otel.exporter.getFinishedSpans().find((s) => s.name === 'chat claude');
    expect(chatSpan?.attributes['gen_ai.usage.cache_write.input_tokens']).toBe(4);
    expect(chatSpan?.attributes['gen_ai.usage.cache_creation.input_tokens']).toBe(4);

    process.env.OTEL_SEMCONV_STABILITY_OPT_IN = 'gen_ai_latest_experimental';
    expect(new Agentspan().config.legacyMetrics).toBe(false);
    expect(new Agentspan({ legacyMetrics: false }).config.legacyMetrics).toBe(false);
  });
});

describe('hasTurnRoot', () => {
  it('true under an agentspan operation or any local span; false at the top or under a remote parent only', async () => {
    const { otel, as } = setup();
    expect(as.hasTurnRoot(context.active())).toBe(false);
    await as.agent({ name: 'a' }, async () => expect(as.hasTurnRoot()).toBe(true));
    const server = otel.tracerProvider.getTracer('t').startSpan('GET /x');
    expect(as.hasTurnRoot(trace.setSpan(context.active(), server))).toBe(true);
    server.end();
    const remote = trace.setSpanContext(context.active(), {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
      isRemote: true,
    });
    expect(as.hasTurnRoot(remote)).toBe(false);
    expect(as.hasTurnRoot(as.withTurn({ conversationId: 'c' }))).toBe(false);
  });
});
