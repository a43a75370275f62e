// The feedback module over real HTTP on both Nest platforms: the turn's response carries
// traceresponse, the client rates that turn, the event lands on the server span with the
// turn's agent and prompt; a bad body gets a 4xx that says what is wrong.
import 'reflect-metadata';
import { Agentspan, AgentspanConfigError } from '@agentspan/core';
import { FIXTURE_PRICES } from '@agentspan/conformance';
import { setupOtel, until } from '@agentspan/testing-http';
import { Controller, type INestApplication, Inject, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind } from '@opentelemetry/api';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AgentspanFeedbackModule, AgentspanModule, AgentspanTracer } from '../src/index.js';

const otel = setupOtel();
const logExporter = new InMemoryLogRecordExporter();
const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] });
const as = new Agentspan({ prices: FIXTURE_PRICES, loggerProvider });
const events = () => logExporter.getFinishedLogRecords().filter((r) => r.eventName === 'gen_ai.evaluation.result');

@Controller()
class ChatController {
  constructor(@Inject(AgentspanTracer) private readonly tracer: AgentspanTracer) {}

  @Post('chat')
  chat(): Promise<{ answer: string }> {
    return this.tracer.agent({ name: 'support-agent' }, async () => {
      as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini', prompt: { name: 'support-answer', version: 'v2' } }).end({
        usage: { input_tokens: 10, output_tokens: 2 },
      });
      return { answer: 'Your order was delivered.' };
    });
  }
}

@Module({
  imports: [
    AgentspanModule.forRoot({ agentspan: as, traceResponse: true }),
    AgentspanFeedbackModule.forRoot({ agentspan: as, path: 'turns/feedback' }),
  ],
  controllers: [ChatController],
})
class AppModule {}

for (const platform of ['express', 'fastify'] as const) {
  describe(`nest feedback module (${platform})`, () => {
    let app: INestApplication;
    let base: string;
    beforeAll(async () => {
      if (platform === 'fastify') {
        const { FastifyAdapter } = await import('@nestjs/platform-fastify');
        app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false, abortOnError: false });
      } else {
        app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
      }
      await app.listen(0, '127.0.0.1');
      base = await app.getUrl();
    });
    afterAll(() => app.close());
    beforeEach(() => {
      otel.exporter.reset();
      logExporter.reset();
    });

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-user-id': 'user-7', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });

    it('rates the turn its response named, on the server span, with the turn agent and prompt', async () => {
      const res = await post('/chat', {}, { 'x-conversation-id': 'conv-42' });
      expect(res.status).toBe(201);
      const header = res.headers.get('traceresponse') ?? '';
      await until(() => otel.spans().some((s) => s.kind === SpanKind.SERVER));
      const server = otel.spans().find((s) => s.kind === SpanKind.SERVER);
      expect(header).toBe(`00-${server?.spanContext().traceId}-${server?.spanContext().spanId}-01`);

      const rated = await post('/turns/feedback', { turn: header, rating: 'down', comment: 'call me on +1 415 555 0100' });
      expect(rated.status).toBe(202);
      expect(await rated.json()).toMatchObject({ status: 'accepted', turn: { traceId: server?.spanContext().traceId } });
      const [event] = events();
      expect(event?.spanContext).toMatchObject({ traceId: server?.spanContext().traceId, spanId: server?.spanContext().spanId });
      expect(event?.attributes).toMatchObject({
        'gen_ai.evaluation.name': 'user_feedback',
        'gen_ai.evaluation.score.label': 'thumbs_down',
        'gen_ai.evaluation.explanation': 'call me on [PHONE]',
        'gen_ai.agent.name': 'support-agent',
        'gen_ai.prompt.version': 'v2',
        'gen_ai.conversation.id': 'conv-42',
        'user.id': 'user-7',
      });
    });

    it('answers a clear 4xx for bad input', async () => {
      const turn = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const cases: [unknown, Record<string, string>, number, RegExp][] = [
        [{ rating: 'down' }, {}, 400, /turn is required/],
        [{ turn, rating: 'sideways' }, {}, 400, /rating must be/],
        [{ turn, score: 7 }, {}, 400, /score must be from 0 to 1/],
        [{ turn, rating: 'up', extra: 1 }, {}, 400, /unknown field "extra"/],
        [{ turn: 'garbage', rating: 'up' }, {}, 400, /W3C trace header/],
        ['rating=up', { 'content-type': 'text/plain' }, 415, /application\/json/],
        [{ turn, rating: 'up', comment: 'x'.repeat(20_000) }, {}, 413, /at most 16384 bytes/],
      ];
      for (const [body, headers, status, message] of cases) {
        const res = await post('/turns/feedback', body, headers);
        expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(status);
        expect(((await res.json()) as { message: string }).message).toMatch(message);
      }
      expect(events()).toHaveLength(0);
    });
  });
}

describe('nest feedback options', () => {
  it('bad options fail when the module is configured, or when the app is built', async () => {
    expect(() => AgentspanFeedbackModule.forRoot({ maxScore: -1 })).toThrow(AgentspanConfigError);
    // biome-ignore lint/suspicious/noExplicitAny: bad options on purpose
    expect(() => AgentspanFeedbackModule.forRoot({ path: 3 } as any)).toThrow(/path must be a string/);
    // biome-ignore lint/suspicious/noExplicitAny: bad options on purpose
    @Module({ imports: [AgentspanModule.forRoot({ agentspan: as, traceResponse: 'on' } as any)] })
    class BadModule {}
    await expect(NestFactory.create(BadModule, { logger: false, abortOnError: false })).rejects.toThrow(/traceResponse must be a boolean/);
  });
});
