import { context } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { Agentspan, type PromptRef } from '../src/index.js';
import { setupOtel } from './helpers.js';

const PRICES = { 'gpt-4o-mini': { input: 0.15, output: 0.6 } };

function setup(captureContent = false) {
  const otel = setupOtel();
  const as = new Agentspan({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider, prices: PRICES, captureContent });
  return { ...otel, as };
}

function chat(as: Agentspan, prompt?: PromptRef) {
  as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini', ...(prompt ? { prompt } : {}) }).end({
    responseModel: 'gpt-4o-mini',
    usage: { input_tokens: 100, output_tokens: 10 },
  });
}

function promptAttributes(span: ReadableSpan | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(span?.attributes ?? {}).filter(([k]) => k.startsWith('gen_ai.prompt.')));
}

const chats = (spans: ReadableSpan[]) => spans.filter((s) => s.name.startsWith('chat '));

describe('prompt versions on chat spans', () => {
  it('writes name and version on the chat span; variables only while content capture is on', () => {
    for (const capture of [false, true]) {
      const s = setup(capture);
      chat(s.as, { name: 'support-answer', version: 'v2', variables: { order_id: '42', customer: { email: 'jane@example.com' } } });
      const attrs = promptAttributes(chats(s.exporter.getFinishedSpans())[0]);
      expect(attrs).toEqual(
        capture
          ? {
              'gen_ai.prompt.name': 'support-answer',
              'gen_ai.prompt.version': 'v2',
              'gen_ai.prompt.variable.order_id': '42',
              'gen_ai.prompt.variable.customer': '{"email":"[EMAIL]"}',
            }
          : { 'gen_ai.prompt.name': 'support-answer', 'gen_ai.prompt.version': 'v2' },
      );
    }
  });

  it('resolves lazy variables only when capture is on', () => {
    let calls = 0;
    const variables = () => {
      calls++;
      return { a: 1 };
    };
    chat(setup(false).as, { name: 'p', variables });
    expect(calls).toBe(0);
    const s = setup(true);
    chat(s.as, { name: 'p', variables });
    expect(calls).toBe(1);
    expect(promptAttributes(chats(s.exporter.getFinishedSpans())[0])).toEqual({ 'gen_ai.prompt.name': 'p', 'gen_ai.prompt.variable.a': '1' });
  });

  it('keeps the attribute count bounded, skips odd keys and survives hostile variables', () => {
    const s = setup(true);
    const many = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`v${i}`, 'x']));
    chat(s.as, { name: 'p', variables: { ...many, 'bad key': 'x', '': 'x' } });
    chat(s.as, {
      name: 'q',
      variables: () => {
        throw new Error('hostile');
      },
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    chat(s.as, { name: 'r', variables: { cyclic, fine: 'yes' } });
    const [a, b, c] = chats(s.exporter.getFinishedSpans()).map(promptAttributes);
    expect(Object.keys(a ?? {}).filter((k) => k.startsWith('gen_ai.prompt.variable.'))).toHaveLength(32);
    expect(b).toEqual({ 'gen_ai.prompt.name': 'q' });
    expect(c).toEqual({ 'gen_ai.prompt.name': 'r', 'gen_ai.prompt.variable.fine': 'yes' });
  });

  it('ignores a prompt without a name, and a chat without a prompt gets no prompt attribute', () => {
    const s = setup(true);
    chat(s.as, { name: '' });
    chat(s.as);
    for (const span of chats(s.exporter.getFinishedSpans())) expect(promptAttributes(span)).toEqual({});
  });

  it('applies a context prompt (withPrompt) to every chat below, an explicit one wins', async () => {
    const s = setup();
    await s.as.prompt({ name: 'support-answer', version: '3' }, () =>
      s.as.agent({ name: 'support-agent' }, () => {
        chat(s.as);
        chat(s.as, { name: 'router', version: '1' });
      }),
    );
    const [first, second] = chats(s.exporter.getFinishedSpans()).map(promptAttributes);
    expect(first).toEqual({ 'gen_ai.prompt.name': 'support-answer', 'gen_ai.prompt.version': '3' });
    expect(second).toEqual({ 'gen_ai.prompt.name': 'router', 'gen_ai.prompt.version': '1' });
  });

  it('a template rendered in an operation applies to the chats that start after it there', () => {
    const s = setup();
    s.as.agent({ name: 'support-agent' }, (agent) => {
      chat(s.as); // before the template: no prompt
      s.as.promptRendered({ name: 'support-answer', version: 'v2' }, agent.context);
      s.as.tool({ name: 'lookup' }, () => chat(s.as)); // below the agent: used it
      chat(s.as);
    });
    chat(s.as); // outside the agent: no prompt
    const found = chats(s.exporter.getFinishedSpans()).map((c) => promptAttributes(c)['gen_ai.prompt.version']);
    expect(found).toEqual([undefined, 'v2', 'v2', undefined]);
  });

  it('splits inference and cost metrics by prompt name and version', async () => {
    const s = setup();
    chat(s.as, { name: 'support-answer', version: 'v1' });
    chat(s.as, { name: 'support-answer', version: 'v2' });
    chat(s.as, { name: 'support-answer', version: 'v2' });
    const { resourceMetrics } = await s.reader.collect();
    const metrics = resourceMetrics.scopeMetrics.flatMap((sm) => sm.metrics);
    const byVersion = (name: string) =>
      Object.fromEntries(
        (metrics.find((m) => m.descriptor.name === name)?.dataPoints ?? []).map((p) => [
          p.attributes['gen_ai.prompt.version'],
          typeof p.value === 'number' ? p.value : (p.value as { count: number }).count,
        ]),
      );
    expect(byVersion('gen_ai.client.inference.duration')).toEqual({ v1: 1, v2: 2 });
    const cost = byVersion('agentspan.cost');
    expect(cost.v2).toBeCloseTo(2 * cost.v1!, 12);
  });
});

describe('prompt in the context leaves other context values alone', () => {
  it('keeps the turn ids', () => {
    const s = setup();
    const ctx = s.as.withPrompt({ name: 'p' }, s.as.withTurn({ conversationId: 'c', userId: 'u' }));
    context.with(ctx, () => chat(s.as));
    const span = chats(s.exporter.getFinishedSpans())[0];
    expect(span?.attributes['gen_ai.conversation.id']).toBe('c');
    expect(span?.attributes['gen_ai.prompt.name']).toBe('p');
  });
});
