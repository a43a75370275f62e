import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { checkCapturedContent, checkNoContent, findRawStrings } from '../src/content-checks.js';
import { PII } from '../src/fixture.js';
import { validateMessages } from '../src/message-schema.js';
import { checkS1Metrics } from '../src/metric-checks.js';
import { DeltaMetricReader } from '../src/metric-reader.js';
import { handMadeTrace } from './support/hand-made-spans.js';

describe('message schema', () => {
  it('accepts GenAI messages and names what is wrong', () => {
    expect(
      validateMessages(
        [
          { role: 'user', parts: [{ type: 'text', content: 'hi' }] },
          { role: 'assistant', parts: [{ type: 'tool_call', id: 'c', name: 'f', arguments: {} }] },
          { role: 'tool', parts: [{ type: 'tool_call_response', id: 'c', response: 'ok' }] },
        ],
        'm',
      ),
    ).toEqual([]);
    expect(validateMessages([{ role: 'human', content: 'hi' }], 'm')).toEqual([
      'm[0]: role "human" is not system/user/assistant/tool',
      'm[0].parts: not an array of parts',
    ]);
    expect(validateMessages('hi', 'm')).toHaveLength(1);
  });
});

describe('content checks', () => {
  const chat = (attributes: Record<string, string>) =>
    handMadeTrace({
      name: 'chat m',
      kind: SpanKind.CLIENT,
      start: 0,
      end: 1,
      attributes: { 'gen_ai.operation.name': 'chat', ...attributes },
    });

  it('capture off: any content attribute is reported', () => {
    expect(checkNoContent(chat({}))).toEqual([]);
    expect(checkNoContent(chat({ 'gen_ai.input.messages': '[]' }))).toHaveLength(1);
  });

  it('capture on: missing, invalid or over-long content is reported', () => {
    expect(checkCapturedContent(chat({})).join('\n')).toContain('no gen_ai.input.messages');
    expect(checkCapturedContent(chat({ 'gen_ai.input.messages': '[{"role":', 'gen_ai.output.messages': '[]' })).join('\n')).toContain('not valid JSON');
    expect(
      checkCapturedContent(chat({ 'gen_ai.input.messages': '[]', 'gen_ai.output.messages': '[]' }), { maxLength: 1 }).join('\n'),
    ).toContain('over the limit');
  });

  it('finds raw personal data in event attributes too', () => {
    const spans = handMadeTrace({ name: 'chat m', start: 0, end: 1, events: [] });
    expect(findRawStrings(spans, [], [PII.email])).toEqual([]);
    const leaky = handMadeTrace({ name: 'chat m', start: 0, end: 1, events: [] });
    (leaky[0]!.events as { name: string; attributes?: Record<string, string>; time: [number, number] }[]).push({
      name: 'exception',
      attributes: { 'exception.message': `bad key ${PII.apiKey}` },
      time: [0, 0],
    });
    expect(findRawStrings(leaky, [], [PII.apiKey])).toEqual([`span chat m event exception contains "${PII.apiKey}"`]);
  });
});

describe('S1 metric checks', () => {
  it('report every missing instrument when nothing was recorded', async () => {
    const reader = new DeltaMetricReader();
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('m').createCounter('unrelated').add(1, { 'user.id': 'u' });
    const problems = checkS1Metrics(await reader.takeRecorded());
    expect(problems).toContain('gen_ai.client.inference.duration: not recorded');
    expect(problems).toContain('agentspan.cost: not recorded');
    expect(problems).toContain('unrelated: a data point carries user.id or gen_ai.conversation.id');
  });
});
