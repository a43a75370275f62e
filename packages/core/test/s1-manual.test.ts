import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { Agentspan } from '../src/index.js';
import { byName, parentId, setupOtel } from './helpers.js';

const PRICES = { 'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 } };

describe('S1 through the manual API', () => {
  let otel: ReturnType<typeof setupOtel>;
  let as: Agentspan;
  beforeEach(() => {
    otel = setupOtel();
    as = new Agentspan({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider, prices: PRICES });
  });

  async function turn() {
    const ctx = as.withTurn({ conversationId: 'conv-42', userId: 'user-7' });
    const { context } = await import('@opentelemetry/api');
    return context.with(ctx, () =>
      as.agent({ name: 'support-agent' }, async () => {
        await as.memory({ operation: 'search_memory', storeId: 'conversations' }, async () => [1, 2]);
        await as.retrieval({ dataSourceId: 'kb-policies', topK: 3 }, async () => [1, 2, 3]);
        const chat1 = as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini' });
        chat1.end({
          responseModel: 'gpt-4o-mini-2024-07-18',
          usage: { prompt_tokens: 420, completion_tokens: 24, prompt_tokens_details: { cached_tokens: 128 } },
          finishReasons: ['tool_calls'],
        });
        await as.tool({ name: 'lookup_order', callId: 'call_1' }, async () => ({ status: 'delivered' }));
        const chat2 = as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini' });
        chat2.end({
          responseModel: 'gpt-4o-mini-2024-07-18',
          usage: { input_tokens: 512, output_tokens: 64, output_token_details: { reasoning: 16 } },
        });
        await as.memory({ operation: 'upsert_memory', storeId: 'conversations', records: [{ content: 'x' }] }, async () => undefined);
        return 'done';
      }),
    );
  }

  it('produces the canonical tree with rollups and cost', async () => {
    expect(await turn()).toBe('done');
    const spans = otel.exporter.getFinishedSpans();
    expect(spans).toHaveLength(7);
    const agent = byName(spans, 'invoke_agent support-agent');
    expect(agent.kind).toBe(SpanKind.INTERNAL);
    expect(agent.status.code).toBe(SpanStatusCode.UNSET);
    for (const s of spans) {
      expect(s.attributes['gen_ai.conversation.id']).toBe('conv-42');
      expect(s.attributes['user.id']).toBe('user-7');
      if (s !== agent) expect(parentId(s)).toBe(agent.spanContext().spanId);
    }
    expect(agent.attributes['gen_ai.usage.input_tokens']).toBe(932);
    expect(agent.attributes['gen_ai.usage.output_tokens']).toBe(88);
    expect(agent.attributes['agentspan.cost.usd']).toBeCloseTo(0.000183, 12);
    expect(agent.attributes['agentspan.llm.calls']).toBe(2);
    expect(agent.attributes['agentspan.tool.calls']).toBe(1);
    const chats = spans.filter((s) => s.name === 'chat gpt-4o-mini');
    expect(chats[0]!.attributes['agentspan.cost.usd']).toBeCloseTo(0.0000678, 12);
    expect(chats[0]!.attributes['gen_ai.response.finish_reasons']).toEqual(['tool_call']);
    expect(chats[1]!.attributes['agentspan.cost.usd']).toBeCloseTo(0.0001152, 12);
    expect(chats[1]!.attributes['gen_ai.usage.reasoning.output_tokens']).toBe(16);
    expect(chats[1]!.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(byName(spans, 'retrieval kb-policies').attributes['agentspan.retrieval.document.count']).toBe(3);
    expect(byName(spans, 'search_memory').attributes['gen_ai.memory.record.count']).toBe(2);
    expect(byName(spans, 'upsert_memory').attributes['gen_ai.memory.record.count']).toBe(1);
    const tool = byName(spans, 'execute_tool lookup_order');
    expect(tool.attributes['gen_ai.agent.name']).toBe('support-agent');
    expect(tool.attributes['gen_ai.tool.type']).toBe('function');
    // order by start time is exact (monotonic clock)
    const children = spans.filter((s) => s !== agent).sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    expect(children.map((s) => s.name)).toEqual([
      'search_memory', 'retrieval kb-policies', 'chat gpt-4o-mini', 'execute_tool lookup_order', 'chat gpt-4o-mini', 'upsert_memory',
    ]);
    for (const s of spans) expect(Object.keys(s.attributes).some((k) => k.includes('messages'))).toBe(false);
  });
});
