import { TraceFlags, context, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { Agentspan, AgentspanConfigError, type FinishedTurn, type TurnEvaluator } from '../src/index.js';
import { evaluationEvents, scorePoints, setupLogs } from './evaluation-helpers.js';
import { setupOtel } from './helpers.js';

const PRICES = { 'gpt-4o-mini': { input: 0.15, output: 0.6 } };

function setup() {
  const otel = setupOtel();
  const logsSetup = setupLogs();
  const as = new Agentspan({
    tracerProvider: otel.tracerProvider,
    meterProvider: otel.meterProvider,
    loggerProvider: logsSetup.loggerProvider,
    prices: PRICES,
  });
  return { ...otel, ...logsSetup, as };
}

/** A turn whose agent reports input and output (as adapters do), with one prompted chat. */
function turn(as: Agentspan, answer = 'Your order 42 was delivered.') {
  const ctx = as.withTurn({ conversationId: 'conv-42', userId: 'user-7' });
  return context.with(ctx, () => {
    const agent = as.startAgent({ name: 'support-agent', input: () => [{ role: 'user', parts: [{ type: 'text', content: 'Where is order 42?' }] }] });
    agent.run(() =>
      as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini', prompt: { name: 'support-answer', version: 'v2' } }).end({
        usage: { input_tokens: 100, output_tokens: 10 },
      }),
    );
    agent.end({ output: () => [{ role: 'assistant', parts: [{ type: 'text', content: answer }] }] });
    return agent.span.spanContext();
  });
}

const answerLength: TurnEvaluator = {
  name: 'answer_length',
  evaluate: (t) => {
    const part = t.output?.[0]?.parts[0];
    const text = part?.type === 'text' ? part.content : '';
    return { score: text.length, label: text.length > 10 ? 'pass' : 'fail' };
  },
};

describe('evaluators on finished turns', () => {
  it('runs after the turn, off its path, and records results parented to the turn with its agent and prompt', async () => {
    const s = setup();
    const seen: FinishedTurn[] = [];
    const hook = s.as.evaluateTurns({
      evaluators: [
        answerLength,
        {
          name: 'judge',
          evaluate: async (t) => {
            seen.push(t);
            await new Promise((r) => setTimeout(r, 5));
            return [{ score: 0.9, explanation: 'grounded' }, { name: 'tone', label: 'friendly' }];
          },
        },
      ],
    });
    const sc = turn(s.as);
    // Nothing ran on the turn's own path.
    expect(seen).toHaveLength(0);
    await hook.flush();
    expect(seen[0]).toMatchObject({
      ref: { traceId: sc.traceId, spanId: sc.spanId },
      agentName: 'support-agent',
      operation: 'invoke_agent',
      conversationId: 'conv-42',
      userId: 'user-7',
      prompt: { name: 'support-answer', version: 'v2' },
      status: 'ok',
      inputTokens: 100,
      outputTokens: 10,
      llmCalls: 1,
      toolCalls: 0,
      input: [{ role: 'user', parts: [{ type: 'text', content: 'Where is order 42?' }] }],
    });
    const events = evaluationEvents(s.logExporter);
    expect(events.map((e) => e.attributes['gen_ai.evaluation.name']).sort()).toEqual(['answer_length', 'judge', 'tone']);
    for (const e of events) {
      expect(e.spanContext).toMatchObject({ traceId: sc.traceId, spanId: sc.spanId });
      expect(e.attributes).toMatchObject({
        'agentspan.evaluation.source': 'evaluator',
        'gen_ai.agent.name': 'support-agent',
        'gen_ai.prompt.name': 'support-answer',
        'gen_ai.prompt.version': 'v2',
        'gen_ai.conversation.id': 'conv-42',
      });
    }
    expect(hook.stats).toEqual({ queued: 0, dropped: 0, recorded: 3, failed: 0 });
    const points = await scorePoints(s.reader);
    expect(points.find((p) => p.attributes['gen_ai.evaluation.name'] === 'answer_length')).toMatchObject({ sum: 28, count: 1 });
  });

  it('contains errors and timeouts: recorded as failed evaluations with error.type, never thrown', async () => {
    const s = setup();
    class JudgeUnavailable extends Error {
      override name = 'JudgeUnavailable';
    }
    const hook = s.as.evaluateTurns({
      timeoutMs: 20,
      evaluators: [
        {
          name: 'throws',
          evaluate: () => {
            throw new JudgeUnavailable('down');
          },
        },
        { name: 'rejects', evaluate: () => Promise.reject(new Error('nope')) },
        { name: 'hangs', evaluate: () => new Promise(() => {}) },
        // biome-ignore lint/suspicious/noExplicitAny: a bad result on purpose
        { name: 'bad-result', evaluate: () => ({ score: 'high' }) as any },
      ],
    });
    turn(s.as);
    await hook.flush();
    const byName = Object.fromEntries(evaluationEvents(s.logExporter).map((e) => [e.attributes['gen_ai.evaluation.name'], e]));
    expect(byName.throws?.attributes['error.type']).toBe('JudgeUnavailable');
    expect(byName.throws?.severityText).toBe('WARN');
    expect(byName.rejects?.attributes['error.type']).toBe('Error');
    expect(byName.hangs?.attributes['error.type']).toBe('TimeoutError');
    expect(byName['bad-result']).toBeUndefined();
    expect(hook.stats.failed).toBe(4);
  });

  it('samples: rate 0 evaluates nothing, a per-evaluator rate overrides the hook rate', async () => {
    const s = setup();
    const calls: string[] = [];
    const hook = s.as.evaluateTurns({
      sampleRate: 0,
      evaluators: [
        { name: 'never', evaluate: () => void calls.push('never') },
        { name: 'always', sampleRate: 1, evaluate: () => void calls.push('always') },
      ],
    });
    for (let i = 0; i < 5; i++) turn(s.as);
    await hook.flush();
    expect(calls).toEqual(['always', 'always', 'always', 'always', 'always']);
  });

  it('bounds the queue: turns beyond it are dropped and counted, not held', async () => {
    const s = setup();
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const hook = s.as.evaluateTurns({ maxQueue: 2, concurrency: 1, evaluators: [{ name: 'slow', evaluate: () => gate.then(() => ({ score: 1 })) }] });
    for (let i = 0; i < 10; i++) turn(s.as);
    expect(hook.stats.queued).toBe(2);
    expect(hook.stats.dropped).toBe(8);
    release();
    await hook.flush();
    expect(hook.stats).toMatchObject({ queued: 0, recorded: 2 });
  });

  it('skips turns whose trace is not sampled, and stops when told', async () => {
    const s = setup();
    const calls: string[] = [];
    const hook = s.as.evaluateTurns({ evaluators: [{ name: 'e', evaluate: (t) => void calls.push(t.agentName) }] });
    const unsampled = trace.setSpanContext(context.active(), {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.NONE,
    });
    context.with(unsampled, () => s.as.agent({ name: 'unsampled' }, () => undefined));
    hook.stop();
    turn(s.as);
    await hook.flush();
    expect(calls).toEqual([]);
  });

  it('reports failed turns with their error type', async () => {
    const s = setup();
    const seen: FinishedTurn[] = [];
    const hook = s.as.evaluateTurns({ evaluators: [{ name: 'e', evaluate: (t) => void seen.push(t) }] });
    const error = new RangeError('bad');
    expect(() =>
      s.as.agent({ name: 'support-agent' }, () => {
        throw error;
      }),
    ).toThrow(error);
    await hook.flush();
    expect(seen[0]).toMatchObject({ status: 'error', errorType: 'RangeError', output: undefined });
  });

  it('refuses bad options when the hook is set up', () => {
    const s = setup();
    const ok = { name: 'e', evaluate: () => undefined };
    // biome-ignore lint/suspicious/noExplicitAny: bad options on purpose
    const bad: any[] = [
      undefined,
      {},
      { evaluators: [] },
      { evaluators: [{ name: 'x' }] },
      { evaluators: [{ name: '', evaluate: () => undefined }] },
      { evaluators: [ok, ok] },
      { evaluators: [ok], sampleRate: 2 },
      { evaluators: [ok], maxQueue: 0 },
      { evaluators: [ok], concurrency: 1.5 },
      { evaluators: [ok], timeoutMs: -1 },
      { evaluators: [ok], sampelRate: 0.5 },
      { evaluators: [{ ...ok, sampleRate: -0.1 }] },
    ];
    for (const options of bad) expect(() => s.as.evaluateTurns(options), JSON.stringify(options)).toThrow(AgentspanConfigError);
    expect(() => s.as.rememberTurns({ maxTurns: 0 })).toThrow(AgentspanConfigError);
    // biome-ignore lint/suspicious/noExplicitAny: bad options on purpose
    expect(() => s.as.rememberTurns({ max: 1 } as any)).toThrow(/unknown option "max"/);
  });
});
