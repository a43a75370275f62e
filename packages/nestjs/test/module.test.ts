// AgentspanModule without instrumentation-http: its own SERVER span, forRootAsync, the
// budget guard (429 JSON, reset, @SkipBudget), errors recorded without changing Nest's
// response, decorators on sync and failing methods, configuration errors at start-up.
import 'reflect-metadata';
import { Agentspan, AgentspanConfigError } from '@agentspan/core';
import { FIXTURE_PRICES, S1 } from '@agentspan/conformance';
import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentspanModule, AgentspanTracer, TraceAgent, TraceTool } from '../src/index.js';
import { childrenOf, setupOtel, until } from '@agentspan/testing-http';

const otel = setupOtel({ http: false });
const { startNestApp, pendingTurns } = await import('./support/nest-app.js');
const { post } = await import('@agentspan/testing-http');

const as = new Agentspan({ prices: FIXTURE_PRICES });
const TURN_COST = 0.000183;
const servers = () => otel.spans().filter((s) => s.kind === SpanKind.SERVER);
let running: { close(): Promise<void> } | undefined;
let seq = 0;

beforeEach(() => otel.exporter.reset());
afterEach(async () => {
  await running?.close();
  running = undefined;
});

function turn(port: number, userId: string) {
  const id = `m${++seq}`;
  pendingTurns.set(id, { variant: 'ok', userMessage: S1.userMessage });
  return post(port, '/turns/plain', {}, { 'x-turn-id': id, 'x-conversation-id': `conv-${seq}`, 'x-user-id': userId });
}

describe('AgentspanModule', () => {
  it('forRootAsync: starts its own SERVER span when no instrumentation made one, with the rollups', async () => {
    const app = await startNestApp('express', async () => ({ agentspan: as, userId: 'x-account' }));
    running = app;
    const id = `m${++seq}`;
    pendingTurns.set(id, { variant: 'ok', userMessage: S1.userMessage });
    const res = await post(app.port, '/turns/plain', {}, { 'x-turn-id': id, 'x-conversation-id': 'conv-42', 'x-account': 'user-7' });
    expect(res.status).toBe(200);
    await until(() => servers().length === 1);
    const server = servers()[0]!;
    expect(server.instrumentationScope.name).toBe('@agentspan/core');
    expect(server.name).toBe('POST /turns/plain');
    expect(server.attributes).toMatchObject({ 'http.response.status_code': 200, 'user.id': 'user-7', 'agentspan.llm.calls': 2 });
    expect(childrenOf(otel.spans(), server).map((s) => s.name)).toEqual(['invoke_agent support-agent']);
  });

  it.each(['express', 'fastify'] as const)('budget guard on %s: 429 JSON after the limit, @SkipBudget routes pass, reset after the window', async (platform) => {
    const windowMs = 1500;
    const app = await startNestApp(platform, { agentspan: as, budget: { limitUsd: TURN_COST, window: { durationMs: windowMs }, name: 'per-user' } });
    running = app;
    await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 5));
    expect((await turn(app.port, 'alice')).status).toBe(200);
    const refused = await turn(app.port, 'alice');
    expect(refused.status).toBe(429);
    const body = JSON.parse(refused.body);
    expect(body).toMatchObject({ error: 'budget_exceeded', limit: { name: 'per-user', key: 'alice', limitUsd: TURN_COST } });
    expect(Date.parse(body.resetsAt) % windowMs).toBe(0);
    const hello = await fetch(`http://127.0.0.1:${app.port}/hello`, { headers: { 'x-user-id': 'alice' } });
    expect(hello.status).toBe(200);
    expect((await turn(app.port, 'bob')).status).toBe(200);
    await new Promise((r) => setTimeout(r, Date.parse(body.resetsAt) - Date.now() + 5));
    expect((await turn(app.port, 'alice')).status).toBe(200);
  });

  it('bad options fail when the app starts', async () => {
    await expect(startNestApp('express', { userId: 7 as unknown as string })).rejects.toThrow(AgentspanConfigError);
    await expect(startNestApp('express', { budget: { limitUsd: -1 } })).rejects.toThrow(AgentspanConfigError);
  });
});

class LookupError extends Error {
  override name = 'LookupError';
}

@Injectable()
class Tools {
  @TraceTool('add')
  add(a: number, b: number): number {
    return a + b;
  }

  @TraceTool('broken')
  broken(): never {
    throw new LookupError('no such order');
  }
}

@Controller()
class ErrorController {
  constructor(
    @Inject(Tools) private readonly tools: Tools,
    @Inject(AgentspanTracer) private readonly tracer: AgentspanTracer,
  ) {}

  @Get('sum')
  @TraceAgent('calculator')
  sum(): { sum: number; traced: boolean } {
    return { sum: this.tools.add(2, 3), traced: this.tracer.agentspan === as };
  }

  @Get('fail')
  fail(): never {
    return this.tools.broken();
  }
}

describe('decorators, tracer service and errors', () => {
  it('sync methods are traced; a throw fails the span, reaches Nest unchanged, and is recorded on the server span', async () => {
    @Module({ imports: [AgentspanModule.forRoot({ agentspan: as })], controllers: [ErrorController], providers: [Tools] })
    class ErrorModule {}
    const app = await NestFactory.create(ErrorModule, { logger: false, abortOnError: false });
    await app.listen(0, '127.0.0.1');
    running = app;
    const port = (app.getHttpServer().address() as { port: number }).port;

    const sum = await fetch(`http://127.0.0.1:${port}/sum`, { headers: { 'x-conversation-id': 'c-1' } });
    expect(await sum.json()).toEqual({ sum: 5, traced: true });
    await until(() => servers().length === 1);
    const agent = otel.spans().find((s) => s.name === 'invoke_agent calculator')!;
    expect(childrenOf(otel.spans(), agent).map((s) => s.name)).toEqual(['execute_tool add']);
    expect(agent.attributes['agentspan.tool.calls']).toBe(1);
    expect(agent.attributes['gen_ai.conversation.id']).toBe('c-1');

    otel.exporter.reset();
    const failed = await fetch(`http://127.0.0.1:${port}/fail`);
    expect(failed.status).toBe(500); // Nest's own answer to an unknown error
    expect(await failed.json()).toEqual({ statusCode: 500, message: 'Internal server error' });
    await until(() => servers().length === 1);
    const tool = otel.spans().find((s) => s.name === 'execute_tool broken')!;
    expect(tool.status.code).toBe(SpanStatusCode.ERROR);
    expect(tool.attributes['error.type']).toBe('LookupError');
    const server = servers()[0]!;
    expect(server.attributes['error.type']).toBe('LookupError');
    expect(server.events.map((e) => e.name)).toEqual(['exception']);
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
  });
});
