// Property-based: hostile requests and handlers against twin Nest apps, one with
// AgentspanModule (interceptor, budget guard, decorated services) and one bare, on the Express
// and the Fastify platform. Hostile headers (bytes that are not UTF-8, repeats, 1 MB ids),
// handlers that return or throw hostile values (throwing getters, Proxies, revoked Proxies,
// BigInt, non-Error values), Observables that fail midway, thenables, SSE, decorated methods
// (sync, async, Observable) handed hostile values, clients that leave, requests at once. Each
// run asserts: the traced app answers as the bare one; the user's interceptor and exception
// filter get the same objects; a decorated method gives back the value or error it was given;
// no span is left open; the budget's maps stay bounded; attributes stay within their bounds.
// Fixed seed (`FUZZ_SEED` explores others); `FUZZ_RUNS` raises the run count.
import 'reflect-metadata';
import http from 'node:http';
import { Agentspan } from '@agentspan/core';
import { OpenSpanCounter } from '@agentspan/conformance/runner';
import {
  type Hostile,
  type HostileBytes,
  PRICES,
  hostileError,
  hostileHeaderValue,
  hostileValue,
  problemsAfterRun,
  rawRequest,
  setupOtel,
  type Twin,
  Twins,
} from '@agentspan/testing-http';
import {
  type ArgumentsHost,
  type CallHandler,
  Catch,
  Controller,
  type ExceptionFilter,
  type ExecutionContext,
  Get,
  Inject,
  Injectable,
  Module,
  type NestInterceptor,
  Req,
  Sse,
} from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import fc from 'fast-check';
import { Observable, interval, lastValueFrom, map, take, tap, throwError } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentspanModule, CostBudget, InMemoryBudgetStore, TraceRetrieval, TraceTool } from '../src/index.js';

const openSpans = new OpenSpanCounter();
const otel = setupOtel({ processors: [openSpans] });

const SEED = Number(process.env.FUZZ_SEED ?? 17);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const as = new Agentspan({ prices: PRICES, captureContent: true });

type Action =
  | { kind: 'return' | 'throw' | 'observable-error' | 'tools'; value: Hostile }
  | { kind: 'thenable' | 'sse' };

interface Case {
  headers: [string, HostileBytes][];
  action: Action;
  leave: 'afterSend' | 'afterFirstBytes' | undefined;
}

/** What one app saw of one case. */
interface Seen {
  thrown?: unknown;
  returned?: unknown;
  /** The exception filter got the very object thrown. */
  filterGotSame?: boolean;
  /** The user's interceptor got the very value returned, or the very error thrown. */
  interceptorGotSame?: boolean;
}


/** Values a decorated method may return and be expected back as the same object (a thenable is awaited, the core's way). */
const sameBack = (h: Hostile) => !/then|Proxy|promise/.test(h.label);

const caseArb: fc.Arbitrary<Case> = fc.record({
  headers: fc.array(fc.tuple(fc.constantFrom('x-user-id', 'x-conversation-id', 'x-team', 'x-other'), hostileHeaderValue), { maxLength: 3 }),
  action: fc.oneof(
    fc
      .tuple(fc.constantFrom('throw', 'observable-error') as fc.Arbitrary<'throw' | 'observable-error'>, hostileError)
      .map(([kind, value]) => ({ kind, value })),
    hostileValue.map((value) => ({ kind: 'return' as const, value })),
    // A decorated method's promise that never settles is an operation still running: its span stays open.
    hostileValue.filter((h) => !h.label.includes('never calls back')).map((value) => ({ kind: 'tools' as const, value })),
    fc.constantFrom({ kind: 'thenable' as const }, { kind: 'sse' as const }),
  ),
  leave: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.constantFrom('afterSend' as const, 'afterFirstBytes' as const), weight: 1 },
  ),
});

type Platform = 'express' | 'fastify';

function makeApp(twin: Twin, twins: Twins<Case, Seen>, budget: CostBudget<never>) {
  const traced = twin === 'traced';
  const record = (req: { headers: Record<string, unknown> }): Seen => twins.record(twin, req.headers);

  @Injectable()
  class Tools {
    @TraceTool('echo')
    echo(value: unknown): unknown {
      return value;
    }

    @TraceTool('fail')
    fail(error: unknown): never {
      throw error;
    }

    @TraceTool('later')
    async later(error: unknown): Promise<never> {
      await Promise.resolve();
      throw error;
    }

    @TraceRetrieval('kb')
    stream(value: unknown, error: unknown): Observable<unknown> {
      return new Observable((subscriber) => {
        subscriber.next(value);
        subscriber.error(error);
      });
    }
  }

  /** Runs every decorated method over the value; says which gave back what it was given. */
  async function throughTools(tools: Tools, h: Hostile): Promise<Record<string, boolean>> {
    const caught = async (run: () => unknown): Promise<{ error: unknown }> => {
      try {
        await run();
      } catch (error) {
        return { error };
      }
      return { error: 'nothing thrown' };
    };
    const value = h.make();
    const out: Record<string, boolean> = {};
    const echoed = tools.echo(value);
    out.echo = sameBack(h) ? echoed === value : true;
    const error = h.make();
    out.fail = (await caught(() => tools.fail(error))).error === error;
    out.later = (await caught(() => tools.later(error))).error === error;
    let first: unknown;
    const streamed = await caught(() => lastValueFrom(tools.stream(value, error).pipe(tap((v) => (first = v)))));
    out.stream = streamed.error === error && first === value;
    return out;
  }

  @Controller()
  class CaseController {
    constructor(@Inject(Tools) private readonly tools: Tools) {}

    @Get('case')
    run(@Req() req: { headers: Record<string, unknown> }): unknown {
      const c = twins.caseOf(req.headers);
      const s = record(req);
      const action = c.action;
      switch (action.kind) {
        case 'return':
          s.returned = action.value.make();
          return s.returned;
        case 'throw':
          s.thrown = action.value.make();
          throw s.thrown;
        case 'observable-error': {
          const error = action.value.make();
          s.thrown = error;
          return new Observable((subscriber) => {
            subscriber.next({ first: true });
            setImmediate(() => subscriber.error(error));
          });
        }
        case 'tools':
          return throughTools(this.tools, action.value);
        case 'thenable':
          // biome-ignore lint/suspicious/noThenProperty: a thenable that never settles is the case
          return { then: () => {} }; // never settles: the client leaves
        case 'sse':
          return throwError(() => new Error('not an SSE route'));
      }
    }

    @Sse('events')
    events(): Observable<{ data: number }> {
      return interval(1).pipe(
        take(3),
        map((n) => ({ data: n })),
      );
    }
  }

  @Catch()
  class RecordingFilter implements ExceptionFilter {
    catch(exception: unknown, host: ArgumentsHost): void {
      const [req, res] = [host.getArgByIndex(0), host.getArgByIndex(1)] as [{ headers: Record<string, unknown> }, { status?: unknown; code?: unknown }];
      const s = record(req);
      if ('thrown' in s) s.filterGotSame = exception === s.thrown;
      const reply = res as { status(code: number): { send(body: string): void } };
      try {
        reply.status(500).send('handled');
      } catch {
        // the response was cut already (a stream)
      }
    }
  }

  @Injectable()
  class RecordingInterceptor implements NestInterceptor {
    intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
      const s = record(ctx.getArgByIndex(0));
      return next.handle().pipe(
        tap({
          next: (v) => {
            if ('returned' in s) s.interceptorGotSame = v === s.returned;
          },
          error: (e) => {
            if ('thrown' in s) s.interceptorGotSame = e === s.thrown;
          },
        }),
      );
    }
  }

  @Module({
    imports: traced ? [AgentspanModule.forRoot({ agentspan: as, budget })] : [],
    controllers: [CaseController],
    providers: [Tools],
  })
  class AppModule {}
  return { AppModule, RecordingFilter, RecordingInterceptor };
}

/** Ids of 1 MB reach the app: Node's default header limit (16 KB) would refuse them first. */
const MAX_HEADER_SIZE = 4 << 20;

async function start(platform: Platform, twin: Twin, twins: Twins<Case, Seen>, budget: CostBudget<never>) {
  const { AppModule, RecordingFilter, RecordingInterceptor } = makeApp(twin, twins, budget);
  if (platform === 'fastify') {
    const adapter = new FastifyAdapter({ serverFactory: (handler: http.RequestListener) => http.createServer({ maxHeaderSize: MAX_HEADER_SIZE }, handler) });
    const app = await NestFactory.create(AppModule, adapter, { logger: false, abortOnError: false });
    app.useGlobalFilters(new RecordingFilter());
    app.useGlobalInterceptors(new RecordingInterceptor());
    await app.listen(0, '127.0.0.1');
    return { app, port: (app.getHttpServer().address() as { port: number }).port, close: () => app.close() };
  }
  const adapter = new ExpressAdapter();
  const app = await NestFactory.create(AppModule, adapter, { logger: false, abortOnError: false });
  app.useGlobalFilters(new RecordingFilter());
  app.useGlobalInterceptors(new RecordingInterceptor());
  await app.init();
  const server = http.createServer({ maxHeaderSize: MAX_HEADER_SIZE }, adapter.getInstance());
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return {
    app,
    port: (server.address() as { port: number }).port,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await app.close();
    },
  };
}

/**
 * Handlers that return a thenable that never settles never answer, and Nest keeps an SSE
 * response open after its Observable completed (bare or traced alike): the client leaves.
 */
function neverAnswers(c: Case): boolean {
  return c.action.kind === 'thenable' || c.action.kind === 'sse' || (c.action.kind === 'return' && c.action.value.label.includes('never calls back'));
}

function send(port: number, id: string, c: Case) {
  return rawRequest(port, {
    path: c.action.kind === 'sse' ? '/events' : '/case',
    headers: [['x-case', id], ...c.headers.map(([name, value]): [string, Buffer] => [name, value.bytes])],
    leaveAfterMs: neverAnswers(c) ? 50 : c.leave === 'afterSend' ? 2 : undefined,
    leaveAfterBytes: c.leave === 'afterFirstBytes' ? 1 : undefined,
    timeoutMs: 5000,
  });
}

describe.each(['express', 'fastify'] as const)('Nest on %s: hostile input', (platform) => {
  const store = new InMemoryBudgetStore({ maxKeys: 50 });
  const budget = new CostBudget<{ headers: Record<string, unknown> }>({
    limitUsd: 1000,
    store,
    key: (ids, req) => (typeof req.headers['x-team'] === 'string' ? req.headers['x-team'] : ids.userId),
  }) as CostBudget<never>;
  const twins = new Twins<Case, Seen>();
  let apps: Record<Twin, Awaited<ReturnType<typeof start>>>;

  beforeAll(async () => {
    twins.watchEscapes();
    apps = { traced: await start(platform, 'traced', twins, budget), bare: await start(platform, 'bare', twins, budget) };
  });
  afterAll(async () => {
    twins.stopWatching();
    await apps.traced.close();
    await apps.bare.close();
  });

  it(`${RUNS} runs of 1-4 requests at once (seed ${SEED})`, { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 4 }), async (batch) => {
        otel.exporter.reset();
        const outcomes = await twins.send(batch, (twin, id, c) => send(apps[twin].port, id, c));
        for (const { case: c, traced, bare, seenTraced: t, seenBare: b } of outcomes) {
          expect(traced.outcome, 'traced').not.toBe('stalled');
          expect(bare.outcome, 'bare').not.toBe('stalled');
          const left = c.leave !== undefined || neverAnswers(c);
          if (!left) {
            expect(traced).toEqual(bare);
            expect(t?.filterGotSame).toBe(b?.filterGotSame);
            expect(t?.interceptorGotSame).toBe(b?.interceptorGotSame);
          }
          if (t?.filterGotSame !== undefined && b?.filterGotSame !== false) expect(t.filterGotSame).toBe(true);
          if (t?.interceptorGotSame !== undefined && b?.interceptorGotSame !== false) expect(t.interceptorGotSame).toBe(true);
          // (Node's parser answers 400 itself to header bytes it refuses: the app never ran.)
          if (c.action.kind === 'tools' && !left && traced.status === 200) {
            expect(JSON.parse(traced.body)).toEqual({ echo: true, fail: true, later: true, stream: true });
          }
        }
        expect(await problemsAfterRun({ openSpans, spans: otel.spans, budget, store, maxKeys: 50 })).toEqual([]);
        twins.forget(outcomes);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    expect(twins.escaped).toEqual([]);
    // Most requests reach the app (the rest: refused by Node's parser, or left before it ran).
    expect(twins.reached).toBeGreaterThan(twins.requests / 2);
    console.info(`hostile input: ${RUNS} runs, ${twins.requests} requests to each twin, ${twins.reached} reached the traced app's handlers`);
  });
});
