// The feedback route over real HTTP: a turn's response hands out its ids (traceresponse),
// the client posts a thumbs-down with a comment naming it, the event lands on that turn's
// server span with the turn's agent and prompt; bad bodies get a 4xx saying what is wrong.
import { Agentspan, AgentspanConfigError } from '@agentspan/core';
import { FIXTURE_PRICES } from '@agentspan/conformance';
import { setupOtel, until } from '@agentspan/testing-http';
import { SpanKind } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import fc from 'fast-check';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { agentspan, agentspanErrorHandler, agentspanFeedback, agentTurn, requestTurn } from '../src/index.js';

const otel = setupOtel();
const { default: express } = await import('express');
const logExporter = new InMemoryLogRecordExporter();
const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] });
const as = new Agentspan({ prices: FIXTURE_PRICES, loggerProvider });
const events = () => logExporter.getFinishedLogRecords().filter((r) => r.eventName === 'gen_ai.evaluation.result');

const app = express();
app.use(agentspan({ agentspan: as, traceResponse: true }));
app.post('/chat', async (req, res) => {
  const answer = await agentTurn(req, { name: 'support-agent' }, async () => {
    as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini', prompt: { name: 'support-answer', version: 'v2' } }).end({
      usage: { input_tokens: 10, output_tokens: 2 },
    });
    return 'Your order was delivered.';
  });
  res.json({ answer, turn: requestTurn(req) });
});
app.post('/feedback', agentspanFeedback({ agentspan: as }));
app.post('/feedback-parsed', express.json(), agentspanFeedback({ agentspan: as }));
app.post(
  '/feedback-strict',
  express.json(),
  agentspanFeedback({
    agentspan: as,
    name: 'stars',
    minScore: 1,
    maxScore: 5,
    maxCommentLength: 20,
    authorize: (_turn, req) => req.headers['x-user-id'] === 'user-7',
    resolveTurn: () => ({ agentName: 'archived-agent', prompt: { name: 'support-answer', version: 'v0' } }),
  }),
);
app.use(agentspanErrorHandler());
const server = app.listen(0);
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
afterAll(() => server.close());

async function chat(): Promise<{ header: string; body: { turn: { traceId: string; spanId: string } } }> {
  const res = await fetch(`${base}/chat`, { method: 'POST', headers: { 'x-conversation-id': 'conv-42', 'x-user-id': 'user-7' } });
  return { header: res.headers.get('traceresponse') ?? '', body: (await res.json()) as { turn: { traceId: string; spanId: string } } };
}

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user-id': 'user-7', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

beforeEach(() => {
  otel.exporter.reset();
  logExporter.reset();
});

describe('express feedback route', () => {
  it('rates the turn its response named: a thumbs-down with a redacted comment on the server span, with agent and prompt', async () => {
    const { header, body } = await chat();
    expect(header).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    await until(() => otel.spans().some((s) => s.kind === SpanKind.SERVER));
    const server = otel.spans().find((s) => s.kind === SpanKind.SERVER);
    expect(header).toBe(`00-${server?.spanContext().traceId}-${server?.spanContext().spanId}-01`);
    expect(body.turn).toMatchObject({ traceId: server?.spanContext().traceId, spanId: server?.spanContext().spanId });

    for (const path of ['/feedback', '/feedback-parsed']) {
      const res = await post(path, { turn: header, rating: 'down', comment: 'Wrong order! reach me at jane@example.com' });
      expect(res.status).toBe(202);
      expect(await res.json()).toEqual({ status: 'accepted', turn: { traceId: body.turn.traceId, spanId: body.turn.spanId, traceFlags: 1 } });
    }
    const [event] = events();
    expect(events()).toHaveLength(2);
    expect(event?.spanContext).toMatchObject({ traceId: body.turn.traceId, spanId: body.turn.spanId });
    expect(event?.attributes).toEqual({
      'gen_ai.evaluation.name': 'user_feedback',
      'gen_ai.evaluation.score.value': 0,
      'gen_ai.evaluation.score.label': 'thumbs_down',
      'gen_ai.evaluation.explanation': 'Wrong order! reach me at [EMAIL]',
      'agentspan.evaluation.source': 'feedback',
      'gen_ai.agent.name': 'support-agent',
      'gen_ai.prompt.name': 'support-answer',
      'gen_ai.prompt.version': 'v2',
      'gen_ai.conversation.id': 'conv-42',
      'user.id': 'user-7',
    });
  });

  it('takes the turn from the JSON answer too, and a score instead of a rating', async () => {
    const { body } = await chat();
    expect((await post('/feedback-strict', { turn: body.turn, score: 4 })).status).toBe(202);
    expect(events()[0]?.attributes).toMatchObject({
      'gen_ai.evaluation.name': 'stars',
      'gen_ai.evaluation.score.value': 4,
      // resolveTurn names the turn's agent and prompt when the application knows better
      'gen_ai.agent.name': 'archived-agent',
      'gen_ai.prompt.version': 'v0',
    });
  });

  it('answers a clear 4xx for bad input and records nothing', async () => {
    const turn = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const cases: [string, unknown, Record<string, string>, number, RegExp][] = [
      ['/feedback', { rating: 'down' }, {}, 400, /turn is required/],
      ['/feedback', { turn: 'abc', rating: 'down' }, {}, 400, /turn: not a W3C trace header/],
      ['/feedback', { turn: { traceId: 'x', spanId: 'y' }, rating: 'down' }, {}, 400, /traceId must be 32/],
      ['/feedback', { turn, rating: 'meh' }, {}, 400, /rating must be "up" or "down"/],
      ['/feedback', { turn, rating: 'up', score: 1 }, {}, 400, /rating or a score, not both/],
      ['/feedback', { turn }, {}, 400, /needs a rating, a score or a comment/],
      ['/feedback', { turn, score: 2 }, {}, 400, /score must be from 0 to 1/],
      ['/feedback', { turn, rating: 'up', stars: 5 }, {}, 400, /unknown field "stars"/],
      ['/feedback', [1, 2], {}, 400, /must be a JSON object/],
      ['/feedback', '{not json', {}, 400, /not valid JSON/],
      ['/feedback-parsed', '{not json', {}, 400, /./],
      ['/feedback', 'rating=down', { 'content-type': 'application/x-www-form-urlencoded' }, 415, /application\/json/],
      ['/feedback', { turn, rating: 'up', comment: 'x'.repeat(20_000) }, {}, 413, /at most 16384 bytes/],
      ['/feedback-strict', { turn, score: 6 }, {}, 400, /score must be from 1 to 5/],
      ['/feedback-strict', { turn, rating: 'up', comment: 'x'.repeat(21) }, {}, 400, /comment must be at most 20/],
      ['/feedback-strict', { turn, rating: 'up' }, { 'x-user-id': 'mallory' }, 403, /may not rate/],
    ];
    for (const [path, body, headers, status, message] of cases) {
      const res = await post(path, body, headers);
      expect(res.status, `${path} ${JSON.stringify(body).slice(0, 60)}`).toBe(status);
      const text = await res.text();
      // express.json() itself refuses malformed JSON on the parsed route (its own 400).
      if (path !== '/feedback-parsed') expect((JSON.parse(text) as { message: string }).message, text).toMatch(message);
    }
    expect(events()).toHaveLength(0);
  });

  it('never answers 5xx to any JSON body (property over arbitrary JSON)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), fc.option(fc.constantFrom('down', 'up')), async (value, rating) => {
        const body = rating && typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, rating } : value;
        const res = await post('/feedback', body);
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  it('bad options fail at start-up', () => {
    // biome-ignore lint/suspicious/noExplicitAny: bad options on purpose
    const bad: any[] = [{ minScore: 2, maxScore: 1 }, { maxCommentLength: 0 }, { name: '' }, { authorize: 'yes' }, { userId: 42 }, { agentspan: {} }, { ratings: true }];
    for (const options of bad) expect(() => agentspanFeedback(options), JSON.stringify(options)).toThrow(AgentspanConfigError);
    expect(() => agentspan({ traceResponse: 'yes' as unknown as boolean })).toThrow(/traceResponse must be a boolean/);
  });
});
