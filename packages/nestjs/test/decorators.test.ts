// Decorators on sync and failing methods and the tracer service, in a small Nest app of
// the test's own: a throw fails the span, reaches Nest unchanged and is recorded on the
// server span. (The module with the S1 example app: examples/nestjs/test/module.test.ts.)
import 'reflect-metadata';
import { Agentspan } from '@agentspan/core';
import { FIXTURE_PRICES } from '@agentspan/conformance';
import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentspanModule, AgentspanTracer, TraceAgent, TraceTool } from '../src/index.js';
import { childrenOf, setupOtel, until } from '@agentspan/testing-http';

const otel = setupOtel({ http: false });
const as = new Agentspan({ prices: FIXTURE_PRICES });
const servers = () => otel.spans().filter((s) => s.kind === SpanKind.SERVER);
let running: { close(): Promise<void> } | undefined;

beforeEach(() => otel.exporter.reset());
afterEach(async () => {
  await running?.close();
  running = undefined;
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
