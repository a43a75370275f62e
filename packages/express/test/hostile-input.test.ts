// Property-based: hostile requests and handlers against two twin apps, one traced by
// agentspan() (behind instrumentation-http, with a budget) and one bare. Hostile headers
// (bytes that are not UTF-8, control characters, repeats, 1 MB ids), handlers that throw
// or pass on hostile values (throwing getters, Proxies, revoked Proxies, BigInt, non-Error
// values), GenAI work over hostile values, SSE, streams that fail midway, clients that
// leave, requests at once. Each run asserts: the traced app answers as the bare one; the
// error handler behind ours gets the same object; the middleware behind ours sees the same
// headers and body; no span is left open; the budget's maps and store stay bounded; no
// attribute carries more than its bound. Fixed seed (`FUZZ_SEED` explores others); `FUZZ_RUNS` raises the run count.
import http from 'node:http';
import { createRequire } from 'node:module';
import { Readable, pipeline } from 'node:stream';
import { Agentspan } from '@agentspan/core';
import { OpenSpanCounter } from '@agentspan/conformance/runner';
import { type Hostile, type HostileBytes, PRICES, hostileError, hostileHeaderValue, hostileValue, problemsAfterRun, rawRequest, setupOtel, type Twin, Twins } from '@agentspan/testing-http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CostBudget, InMemoryBudgetStore, agentspan, agentspanErrorHandler, requestAbortSignal } from '../src/index.js';

const openSpans = new OpenSpanCounter();
const otel = setupOtel({ processors: [openSpans] });
const { default: express5 } = await import('express');
const express4 = createRequire(import.meta.url)('express4') as typeof express5;

const SEED = Number(process.env.FUZZ_SEED ?? 17);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const as = new Agentspan({ prices: PRICES, captureContent: true });

type Action =
  | { kind: 'throw' | 'next' | 'reject' | 'tool'; value: Hostile }
  | { kind: 'json' | 'sse' | 'stream-error' };

interface Case {
  headers: [string, HostileBytes][];
  action: Action;
  body: string | undefined;
  leave: 'afterSend' | 'afterFirstBytes' | undefined;
}

/** What one app saw of one case. */
interface Seen {
  thrown?: unknown;
  /** The error handler behind ours got the very object thrown. */
  errorWasSame?: boolean;
  /** Header lines and body the middleware behind ours saw. */
  headers?: string[];
  body?: unknown;
}


/** Values whose `then` cannot be read are left to the core's own suite (a GenAI operation's value). */
const toolValue = hostileValue.filter((h) => !/then|Proxy|promise/.test(h.label));

const caseArb: fc.Arbitrary<Case> = fc.record({
  headers: fc.array(fc.tuple(fc.constantFrom('x-user-id', 'x-conversation-id', 'x-team', 'accept', 'x-other'), hostileHeaderValue), {
    maxLength: 4,
  }),
  action: fc.oneof(
    fc.tuple(fc.constantFrom('throw', 'next', 'reject') as fc.Arbitrary<'throw' | 'next' | 'reject'>, hostileError).map(([kind, value]) => ({ kind, value })),
    toolValue.map((value) => ({ kind: 'tool' as const, value })),
    fc.constantFrom({ kind: 'json' as const }, { kind: 'sse' as const }, { kind: 'stream-error' as const }),
  ),
  body: fc.option(fc.oneof(fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 30 })), { nil: undefined }),
  leave: fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.constantFrom('afterSend' as const, 'afterFirstBytes' as const), weight: 1 },
  ),
});

type ExpressFactory = typeof express5;

function twinApp(express: ExpressFactory, twin: Twin, twins: Twins<Case, Seen>, budget: CostBudget) {
  const app = express();
  const traced = twin === 'traced';
  const record = (req: http.IncomingMessage): Seen => twins.record(twin, req.headers);
  if (traced) app.use(agentspan({ agentspan: as, budget }));
  app.use(express.json({ strict: false }));
  app.use((req, _res, next) => {
    const s = record(req);
    s.headers = [...req.rawHeaders];
    s.body = (req as { body?: unknown }).body;
    next();
  });
  app.all('/case', (req, res, next) => {
    const c = twins.caseOf(req.headers);
    const s = record(req);
    const action = c.action;
    switch (action.kind) {
      case 'throw':
        s.thrown = action.value.make();
        throw s.thrown;
      case 'next':
        s.thrown = action.value.make();
        setImmediate(() => next(s.thrown));
        return;
      case 'reject': {
        s.thrown = action.value.make();
        const rejected = Promise.reject(s.thrown);
        // Express 5 passes a rejection on; on Express 4 the handler must (else the request hangs).
        return express === express5 ? rejected : rejected.catch(next);
      }
      case 'tool': {
        const value = action.value.make();
        let same: boolean;
        try {
          same = as.tool({ name: 'fuzz', arguments: () => value }, () => value, () => ({ result: () => value })) === value;
        } catch {
          same = false;
        }
        res.json({ same });
        return;
      }
      case 'json':
        res.json({ ok: true });
        return;
      case 'sse': {
        const signal = requestAbortSignal(res);
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        let n = 0;
        const tick = () => {
          if (signal.aborted) return;
          if (n++ === 3) res.end('event: done\ndata:\n\n');
          else {
            res.write(`data: ${n}\n\n`);
            setImmediate(tick);
          }
        };
        tick();
        return;
      }
      case 'stream-error': {
        const source = new Readable({ read() {} });
        source.push('first chunk\n');
        setImmediate(() => source.destroy(new Error('the source failed midway')));
        pipeline(source, res, () => {});
        return;
      }
    }
  });
  if (traced) app.use(agentspanErrorHandler());
  app.use((error: unknown, req: http.IncomingMessage, res: http.ServerResponse, _next: unknown) => {
    const s = record(req);
    if ('thrown' in s) s.errorWasSame = error === s.thrown; // else: the body parser's own error
    if (res.headersSent) res.end();
    else {
      res.statusCode = 500;
      res.end('handled');
    }
  });
  return app;
}

async function listen(app: http.RequestListener): Promise<http.Server> {
  // Ids of 1 MB reach the app: Node's default header limit (16 KB) would refuse them first.
  const server = http.createServer({ maxHeaderSize: 4 << 20 }, app);
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return server;
}

function send(server: http.Server, id: string, c: Case) {
  const port = (server.address() as { port: number }).port;
  return rawRequest(port, {
    method: c.body === undefined ? 'GET' : 'POST',
    path: '/case',
    headers: [['x-case', id], ...c.headers.map(([name, value]): [string, Buffer] => [name, value.bytes])],
    timeoutMs: 5000,
    body: c.body,
    leaveAfterMs: c.leave === 'afterSend' ? 2 : undefined,
    leaveAfterBytes: c.leave === 'afterFirstBytes' ? 1 : undefined,
  });
}

describe.each([
  ['Express 5', express5],
  ['Express 4', express4],
])('%s: hostile input', (_name, express) => {
  const store = new InMemoryBudgetStore({ maxKeys: 50 });
  const budget = new CostBudget<http.IncomingMessage>({
    limitUsd: 1000,
    store,
    key: (ids, req) => (typeof req.headers['x-team'] === 'string' ? req.headers['x-team'] : ids.userId),
  });
  const twins = new Twins<Case, Seen>();
  let servers: Record<Twin, http.Server>;

  beforeAll(async () => {
    twins.watchEscapes();
    servers = {
      traced: await listen(twinApp(express, 'traced', twins, budget)),
      bare: await listen(twinApp(express, 'bare', twins, budget)),
    };
  });
  afterAll(() => {
    twins.stopWatching();
    for (const server of Object.values(servers)) {
      server.closeAllConnections();
      server.close();
    }
  });

  it(`${RUNS} runs of 1-4 requests at once (seed ${SEED})`, { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 4 }), async (batch) => {
        otel.exporter.reset();
        const outcomes = await twins.send(batch, (twin, id, c) => send(servers[twin], id, c));
        for (const { case: c, traced, bare, seenTraced: t, seenBare: b } of outcomes) {
          expect(traced.outcome, 'traced').not.toBe('stalled');
          expect(bare.outcome, 'bare').not.toBe('stalled');
          if (c.leave === undefined) {
            expect(traced).toEqual(bare);
            expect(t?.errorWasSame).toBe(b?.errorWasSame);
            expect(t?.headers).toEqual(b?.headers);
            expect(t?.body).toEqual(b?.body);
          }
          // Whatever the client did, an error that reached the handler behind ours is the one thrown.
          if (t?.errorWasSame !== undefined && b?.errorWasSame !== false) expect(t.errorWasSame).toBe(true);
        }
        // Spans end with the responses; the budget lets go of every request; bounds hold.
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
