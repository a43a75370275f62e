import { ROOT_CONTEXT, SpanKind, context, diag, trace } from '@opentelemetry/api';
import { logs } from '@opentelemetry/api-logs';
import { fc } from '@agentspan/testing-hostile';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Agentspan, formatTraceHeader, parseTraceHeader } from '../src/index.js';
import { evaluationEvents, scorePoints, setupLogs } from './evaluation-helpers.js';
import { setupOtel } from './helpers.js';

const PRICES = { 'gpt-4o-mini': { input: 0.15, output: 0.6 } };

function setup(extra: ConstructorParameters<typeof Agentspan>[0] = {}) {
  const otel = setupOtel();
  const logsSetup = setupLogs();
  const as = new Agentspan({
    tracerProvider: otel.tracerProvider,
    meterProvider: otel.meterProvider,
    loggerProvider: logsSetup.loggerProvider,
    prices: PRICES,
    ...extra,
  });
  return { ...otel, ...logsSetup, as };
}

/** One turn with a chat that used prompt support-answer v2; resolves to the root span's ids. */
async function promptedTurn(as: Agentspan) {
  const ctx = as.withTurn({ conversationId: 'conv-42', userId: 'user-7' });
  return context.with(ctx, () =>
    as.agent({ name: 'support-agent' }, (agent) => {
      as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini', prompt: { name: 'support-answer', version: 'v2' } }).end({
        responseModel: 'gpt-4o-mini',
        usage: { input_tokens: 10, output_tokens: 2 },
      });
      return agent.span.spanContext();
    }),
  );
}

describe('recording evaluations and feedback', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  it('records a thumbs-down with a redacted comment as gen_ai.evaluation.result parented to the turn', async () => {
    s.as.rememberTurns();
    const sc = await promptedTurn(s.as);
    const ok = await s.as.recordFeedback(
      { traceId: sc.traceId, spanId: sc.spanId },
      { rating: 'down', comment: 'wrong order, mail me at jane@example.com', userId: 'user-7' },
    );
    expect(ok).toBe(true);
    const [event] = evaluationEvents(s.logExporter);
    expect(event).toBeDefined();
    expect(event?.spanContext?.traceId).toBe(sc.traceId);
    expect(event?.spanContext?.spanId).toBe(sc.spanId);
    expect(event?.severityText).toBe('INFO');
    expect(event?.attributes).toEqual({
      'gen_ai.evaluation.name': 'user_feedback',
      'gen_ai.evaluation.score.value': 0,
      'gen_ai.evaluation.score.label': 'thumbs_down',
      'gen_ai.evaluation.explanation': 'wrong order, mail me at [EMAIL]',
      'agentspan.evaluation.source': 'feedback',
      'gen_ai.agent.name': 'support-agent',
      'gen_ai.prompt.name': 'support-answer',
      'gen_ai.prompt.version': 'v2',
      'gen_ai.conversation.id': 'conv-42',
      'user.id': 'user-7',
    });
    // The agent and prompt came from this process's memory of the turn; the metric has them too.
    const points = await scorePoints(s.reader);
    expect(points).toEqual([
      {
        attributes: {
          'gen_ai.evaluation.name': 'user_feedback',
          'agentspan.evaluation.source': 'feedback',
          'gen_ai.evaluation.score.label': 'thumbs_down',
          'gen_ai.agent.name': 'support-agent',
          'gen_ai.prompt.name': 'support-answer',
          'gen_ai.prompt.version': 'v2',
        },
        count: 1,
        sum: 0,
      },
    ]);
  });

  it('remembers turns only once evaluations are used: a turn before the first one gets no metric attributes', async () => {
    const before = await promptedTurn(s.as);
    await s.as.recordFeedback(before, { rating: 'up' });
    const after = await promptedTurn(s.as);
    await s.as.recordFeedback(after, { rating: 'up' });
    const [first, second] = evaluationEvents(s.logExporter);
    expect(first?.attributes['gen_ai.agent.name']).toBeUndefined();
    expect(second?.attributes['gen_ai.agent.name']).toBe('support-agent');
    expect(second?.attributes['gen_ai.evaluation.score.value']).toBe(1);
  });

  it('takes the agent and prompt from the caller when this process never saw the turn (another process, yesterday)', async () => {
    const header = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    expect(
      await s.as.recordEvaluation(header, {
        name: 'relevance',
        score: 4,
        label: 'relevant',
        explanation: 'answers the question',
        agentName: 'support-agent',
        prompt: { name: 'support-answer', version: 'v1' },
        responseId: 'chatcmpl-1',
      }),
    ).toBe(true);
    const [event] = evaluationEvents(s.logExporter);
    expect(event?.spanContext).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' });
    expect(event?.attributes).toMatchObject({
      'gen_ai.evaluation.name': 'relevance',
      'gen_ai.evaluation.score.value': 4,
      'gen_ai.response.id': 'chatcmpl-1',
      'agentspan.evaluation.source': 'application',
      'gen_ai.prompt.version': 'v1',
    });
  });

  it('accepts a span, an operation handle and a context as the target', async () => {
    const span = s.tracerProvider.getTracer('t').startSpan('x');
    const sc = span.spanContext();
    await s.as.recordEvaluation(span, { name: 'a', score: 1 });
    await s.as.recordEvaluation({ span }, { name: 'b', score: 1 });
    await s.as.recordEvaluation(trace.setSpan(ROOT_CONTEXT, span), { name: 'c', score: 1 });
    await s.as.agent({ name: 'agent' }, async (op) => {
      await s.as.recordEvaluation(op, { name: 'd', label: 'pass' });
      expect(s.as.currentTurn()?.spanId).toBe(op.span.spanContext().spanId);
    });
    span.end();
    const events = evaluationEvents(s.logExporter);
    expect(events.map((e) => e.attributes['gen_ai.evaluation.name'])).toEqual(['a', 'b', 'c', 'd']);
    expect(events.slice(0, 3).every((e) => e.spanContext?.spanId === sc.spanId)).toBe(true);
  });

  it('reads and writes W3C trace headers', () => {
    const ref = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
    const header = formatTraceHeader(ref);
    expect(header).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    expect(parseTraceHeader(header)).toEqual({ ok: true, spanContext: { ...ref, isRemote: true } });
    for (const bad of ['', 'ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', `00-${'0'.repeat(32)}-b7ad6b7169203331-01`, '00-XYZ']) {
      expect(parseTraceHeader(bad).ok).toBe(false);
    }
  });

  it('drops bad values without throwing, reports each kind once, records nothing for them', async () => {
    const warn = vi.spyOn(diag, 'warn');
    const ref = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331' };
    const bad: [unknown, unknown][] = [
      [ref, { name: '', score: 1 }],
      [ref, { name: 'x' }],
      [ref, { name: 'x', score: Number.NaN }],
      [ref, { name: 'x', score: 1, scroe: 2 }],
      [ref, { name: 'x\nmultiline', score: 1 }],
      [ref, { name: 'x', score: 1, source: 'robot' }],
      [{ traceId: 'nope', spanId: 'b7ad6b7169203331' }, { name: 'x', score: 1 }],
      ['not a header', { name: 'x', score: 1 }],
      [null, { name: 'x', score: 1 }],
      [42, { name: 'x', score: 1 }],
    ];
    for (const [target, value] of bad) {
      // biome-ignore lint/suspicious/noExplicitAny: hostile values on purpose
      expect(await s.as.recordEvaluation(target as any, value as any)).toBe(false);
    }
    expect(await s.as.recordFeedback(ref, { rating: 'sideways' as 'up' })).toBe(false);
    expect(await s.as.recordFeedback(ref, { rating: 'up', score: 1 })).toBe(false);
    expect(await s.as.recordFeedback(ref, {})).toBe(false);
    expect(evaluationEvents(s.logExporter)).toHaveLength(0);
    expect(await scorePoints(s.reader)).toEqual([]);
    expect(s.as.evaluations.droppedCount).toBe(bad.length + 3);
    expect(warn.mock.calls.some(([m]) => String(m).includes('unknown field "scroe"'))).toBe(true);
    warn.mockRestore();
  });

  it('never throws and never rejects, whatever it is handed (property)', async () => {
    const hostile = fc.oneof(
      fc.anything(),
      fc.constant(
        new Proxy(
          {},
          {
            get() {
              throw new Error('hostile getter');
            },
            ownKeys() {
              throw new Error('hostile keys');
            },
          },
        ),
      ),
      fc.record({ traceId: fc.string(), spanId: fc.string(), traceFlags: fc.anything() }),
      fc.string(),
    );
    await fc.assert(
      fc.asyncProperty(hostile, hostile, async (target, value) => {
        // biome-ignore lint/suspicious/noExplicitAny: hostile values on purpose
        const a = await s.as.recordEvaluation(target as any, value as any);
        // biome-ignore lint/suspicious/noExplicitAny: hostile values on purpose
        const b = await s.as.recordFeedback(target as any, value as any);
        expect(typeof a).toBe('boolean');
        expect(typeof b).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a huge comment bounded: redacted and truncated to contentMaxLength', async () => {
    const t = setup({ contentMaxLength: 64 });
    const comment = `${'a'.repeat(100_000)} sk-abcdefghijklmnopqrstuvwxyz123456`;
    await t.as.recordFeedback('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', { rating: 'down', comment });
    const text = evaluationEvents(t.logExporter)[0]?.attributes['gen_ai.evaluation.explanation'] as string;
    expect(text).toBe('…');
    await t.as.recordFeedback('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', {
      rating: 'down',
      comment: 'the answer was wrong, my key sk-abcdefghijklmnopqrstuvwxyz123456 leaked and more words follow here',
    });
    const cut = evaluationEvents(t.logExporter)[1]?.attributes['gen_ai.evaluation.explanation'] as string;
    expect(cut.length).toBeLessThanOrEqual(64);
    expect(cut).not.toContain('sk-abc');
    expect(cut.startsWith('the answer was wrong, my key')).toBe(true);
  });
});

describe('where the events go', () => {
  afterEach(() => logs.disable());

  it('uses the global logger provider of @opentelemetry/api-logs when none is configured, registered late too', async () => {
    const otel = setupOtel();
    const as = new Agentspan({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider });
    const { logExporter, loggerProvider } = setupLogs();
    logs.setGlobalLoggerProvider(loggerProvider);
    expect(await as.recordFeedback('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', { rating: 'up' })).toBe(true);
    expect(evaluationEvents(logExporter)).toHaveLength(1);
  });

  it('without a logger provider: the event is dropped (reported once), the score metric is still recorded', async () => {
    const warn = vi.spyOn(diag, 'warn');
    const otel = setupOtel();
    const as = new Agentspan({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider });
    expect(await as.recordFeedback('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', { rating: 'up' })).toBe(false);
    expect(await as.recordFeedback('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', { rating: 'up' })).toBe(false);
    expect(await scorePoints(otel.reader)).toMatchObject([{ count: 2, sum: 2 }]);
    expect(warn.mock.calls.filter(([m]) => String(m).includes('no LoggerProvider')).length).toBeLessThanOrEqual(1);
    warn.mockRestore();
  });

  it('refuses a loggerProvider that is not one, at construction', () => {
    // biome-ignore lint/suspicious/noExplicitAny: a wrong type on purpose
    expect(() => new Agentspan({ loggerProvider: {} as any })).toThrow(/loggerProvider must be an OpenTelemetry LoggerProvider \(an object with getLogger\(\)\)/);
  });
});

describe('turn ids', () => {
  it('captureTurn hands out the ids of the turn started inside, and the value; errors pass unchanged', async () => {
    const s = setup();
    const { value, turn } = await s.as.captureTurn(async () => {
      await Promise.resolve();
      return s.as.agent({ name: 'support-agent' }, (op) => op.span.spanContext().spanId);
    });
    expect(turn?.spanId).toBe(value);
    const error = new Error('boom');
    await expect(s.as.captureTurn(() => s.as.agent({ name: 'a' }, () => Promise.reject(error)))).rejects.toBe(error);
    expect((await s.as.captureTurn(() => 1)).turn).toBeUndefined();
  });

  it('currentTurn is the outermost operation, else the active span', () => {
    const s = setup();
    const server = s.tracerProvider.getTracer('t').startSpan('POST /chat', { kind: SpanKind.SERVER });
    const ctx = trace.setSpan(ROOT_CONTEXT, server);
    expect(s.as.currentTurn(ctx)?.spanId).toBe(server.spanContext().spanId);
    context.with(ctx, () =>
      s.as.agent({ name: 'outer' }, (outer) =>
        s.as.tool({ name: 't' }, () =>
          s.as.agent({ name: 'inner' }, () => expect(s.as.currentTurn()?.spanId).toBe(outer.span.spanContext().spanId)),
        ),
      ),
    );
    expect(s.as.currentTurn(ROOT_CONTEXT)).toBeUndefined();
    server.end();
  });
});
