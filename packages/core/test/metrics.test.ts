import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { Agentspan } from '../src/index.js';
import { setupOtel } from './helpers.js';

async function points(reader: ReturnType<typeof setupOtel>['reader']) {
  const { resourceMetrics } = (await reader.collect()) as { resourceMetrics: ResourceMetrics };
  const out = new Map<string, { attributes: Record<string, unknown>; value: unknown }[]>();
  for (const scope of resourceMetrics.scopeMetrics)
    for (const metric of scope.metrics)
      out.set(metric.descriptor.name, metric.dataPoints.map((p) => ({ attributes: p.attributes, value: p.value })));
  return out;
}

function turn(as: Agentspan) {
  return as.agent({ name: 'support-agent', conversationId: 'conv-1', userId: 'u-1' }, async () => {
    as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini' }).end({
      responseModel: 'gpt-4o-mini-2024-07-18',
      usage: { input_tokens: 420, output_tokens: 24, input_token_details: { cache_read: 128 } },
    });
    await as.tool({ name: 'lookup_order' }, async () => 1);
  });
}

describe('metrics', () => {
  it('records the newest instruments, with no user or conversation ids', async () => {
    const otel = setupOtel();
    const as = new Agentspan({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider });
    await turn(as);
    const m = await points(otel.reader);
    expect(m.get('gen_ai.client.inference.usage.input_tokens')?.[0]).toMatchObject({
      value: 420,
      attributes: { 'gen_ai.token.modality': 'text', 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18' },
    });
    expect(m.get('gen_ai.client.inference.usage.cache_read.input_tokens')?.[0]?.value).toBe(128);
    expect(m.has('gen_ai.client.inference.usage.reasoning.output_tokens')).toBe(false);
    expect(m.get('agentspan.cost')?.[0]?.attributes).toEqual({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.agent.name': 'support-agent',
    });
    expect(m.get('gen_ai.execute_tool.duration')?.[0]?.attributes['gen_ai.tool.name']).toBe('lookup_order');
    expect(m.get('gen_ai.invocation.duration')?.[0]?.attributes['gen_ai.invocation.is_nested']).toBe(false);
    expect(m.has('gen_ai.client.token.usage')).toBe(false);
    for (const series of m.values())
      for (const p of series) {
        expect(p.attributes['user.id']).toBeUndefined();
        expect(p.attributes['gen_ai.conversation.id']).toBeUndefined();
      }
  });
  it('the legacy option adds the v1.41 instruments and gen_ai.system', async () => {
    const otel = setupOtel();
    const as = new Agentspan({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider, legacyMetrics: true });
    await turn(as);
    const m = await points(otel.reader);
    const usage = m.get('gen_ai.client.token.usage') ?? [];
    expect(usage.map((p) => p.attributes['gen_ai.token.type']).sort()).toEqual(['input', 'output']);
    expect(usage.every((p) => p.attributes['gen_ai.system'] === 'openai')).toBe(true);
    expect(m.get('gen_ai.client.operation.duration')?.length).toBeGreaterThanOrEqual(3);
    const chat = otel.exporter.getFinishedSpans().find((s) => s.name === 'chat gpt-4o-mini');
    expect(chat?.attributes['gen_ai.system']).toBe('openai');
  });
});
