// The cost budget over real HTTP, behind instrumentation-http: concurrent requests see each
// other's reservations, a key over the limit stays refused whatever the store forgets, a
// store that never answers holds no request, and a reservation is settled however the
// request ends (sent, failed, aborted). (The budget on its own: packages/core/test/http-budget.test.ts;
// 429 bodies and window resets through the example app: examples/express/test/budget.test.ts.)
import type { Server } from 'node:http';
import { Agentspan, windowBounds } from '@agentspan/core';
import {
  Gate,
  PRICED_CALL_USD,
  PRICED_MODEL,
  PRICED_TOKENS,
  PRICES,
  burst,
  request,
  setupOtel,
  until,
} from '@agentspan/testing-http';
import { afterEach, describe, expect, it } from 'vitest';
import { type BudgetOptions, type BudgetStore, CostBudget, InMemoryBudgetStore, agentspan, agentspanErrorHandler } from '../src/index.js';

setupOtel();
const { default: express } = await import('express');
const as = new Agentspan({ prices: PRICES });
const gate = new Gate();
let server: Server | undefined;

afterEach(() => {
  gate.reset();
  server?.closeAllConnections();
  server?.close();
  server = undefined;
});

/** One priced model call ($0.0125) per request to /chat, after the gate; /fail throws after the gate. */
async function start(budget: BudgetOptions | CostBudget): Promise<number> {
  const app = express();
  app.use(agentspan({ agentspan: as, budget }));
  const chat = () =>
    as.chat({ provider: 'openai', requestModel: PRICED_MODEL }, async () => 'ok', () => ({ usage: { prompt_tokens: PRICED_TOKENS, completion_tokens: 0 } }));
  app.get('/chat', async (_req, res) => {
    await gate.pass();
    await chat();
    res.json({ ok: true });
  });
  app.get('/fail', async (_req, _res, next) => {
    await gate.pass();
    await chat();
    next(new Error('the model call went through, then the handler failed'));
  });
  app.get('/hang', async () => {
    await gate.pass();
    await chat(); // never answers: the client leaves
  });
  app.use(agentspanErrorHandler());
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server!.once('listening', r));
  return (server!.address() as { port: number }).port;
}

const admittedOf = (answers: { status: number }[]) => answers.filter((a) => a.status === 200).length;

describe('200 concurrent requests of one user against a $0.05 budget ($0.0125 each)', () => {
  it('estimateUsd set to the cost: 4 admitted, $0.05 spent, the rest refused with 429', async () => {
    const budget = new CostBudget({ limitUsd: 0.05, estimateUsd: PRICED_CALL_USD });
    const port = await start(budget);
    const answers = await burst(port, '/chat', { 'x-user-id': 'alice' }, 200, gate);
    expect(admittedOf(answers)).toBe(4);
    const refused = answers.find((a) => a.status === 429)!;
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'budget_exceeded', spentUsd: 0, reservedUsd: 0.05 });
    await until(() => budget.trackedKeys.inFlight === 0);
    const after = JSON.parse((await request(port, '/chat', { 'x-user-id': 'alice' })).body);
    expect(after.spentUsd).toBeCloseTo(0.05, 12);
  });

  it('default estimate: 10 admitted on a cold budget (a tenth of the limit each), 4 once a real cost is known', async () => {
    const budget = new CostBudget({ limitUsd: 0.05 });
    const port = await start(budget);
    expect(admittedOf(await burst(port, '/chat', { 'x-user-id': 'cold' }, 200, gate))).toBe(10);
    await until(() => budget.trackedKeys.inFlight === 0);
    gate.reset();
    expect(admittedOf(await burst(port, '/chat', { 'x-user-id': 'warm' }, 200, gate))).toBe(4);
  });
});

describe('a reservation is settled however the request ends', () => {
  it('after a handler error and after the client left, the next request is admitted; their costs count', async () => {
    const store = new InMemoryBudgetStore();
    const budget = new CostBudget({ limitUsd: 0.05, estimateUsd: 0.05, store }); // one request in flight at a time
    const port = await start(budget);
    const spent = () => store.spent('u', windowBounds('day', Date.now()).start);
    gate.open();
    expect((await request(port, '/fail', { 'x-user-id': 'u' })).status).toBe(500);
    await until(() => budget.trackedKeys.inFlight === 0);
    expect(spent()).toBeCloseTo(PRICED_CALL_USD, 12);
    // the client leaves a request that never answers
    const controller = new AbortController();
    const left = fetch(`http://127.0.0.1:${port}/hang`, { headers: { 'x-user-id': 'u' }, signal: controller.signal }).catch(() => 'left');
    await until(() => gate.entered === 2);
    const held = await request(port, '/chat', { 'x-user-id': 'u' });
    expect(held.status).toBe(429); // held back by the one in flight
    expect(JSON.parse(held.body)).toMatchObject({ reservedUsd: 0.05 });
    expect(held.status === 429 && JSON.parse(held.body).spentUsd).toBeCloseTo(PRICED_CALL_USD, 12);
    controller.abort();
    expect(await left).toBe('left');
    await until(() => budget.trackedKeys.inFlight === 0);
    expect(spent()).toBeCloseTo(2 * PRICED_CALL_USD, 12);
    expect((await request(port, '/chat', { 'x-user-id': 'u' })).status).toBe(200);
  });
});

describe('a key over the limit', () => {
  it('stays refused after more other keys spent once than the store holds', async () => {
    const store = new InMemoryBudgetStore({ maxKeys: 20 });
    const port = await start({ limitUsd: 0.01, store });
    gate.open();
    expect((await request(port, '/chat', { 'x-user-id': 'alice' })).status).toBe(200);
    expect((await request(port, '/chat', { 'x-user-id': 'alice' })).status).toBe(429);
    for (let i = 0; i < 30; i++) expect((await request(port, '/chat', { 'x-user-id': `other-${i}` })).status).toBe(200);
    expect(store.size).toBeLessThanOrEqual(20);
    expect((await request(port, '/chat', { 'x-user-id': 'alice' })).status).toBe(429);
  });
});

describe('a store whose calls never settle (an offline client queueing forever)', () => {
  const hanging: BudgetStore = { spent: () => new Promise<number>(() => {}), add: () => new Promise<void>(() => {}) };

  it('lets requests through after storeTimeoutMs by default', async () => {
    const port = await start({ limitUsd: 1, store: hanging, storeTimeoutMs: 50 });
    gate.open();
    const answers = await Promise.all(Array.from({ length: 20 }, () => request(port, '/chat', { 'x-user-id': 'u' })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
  });

  it('refuses them with 503 when passOnStoreError is false; requests without a key pass', async () => {
    const port = await start({ limitUsd: 1, store: hanging, storeTimeoutMs: 50, passOnStoreError: false });
    gate.open();
    const refused = await request(port, '/chat', { 'x-user-id': 'u' });
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'budget_unavailable', limit: { key: 'u' } });
    expect((await request(port, '/chat')).status).toBe(200);
  });
});

describe('budget options', () => {
  it('unknown and bad options fail when the middleware is made', () => {
    expect(() => agentspan({ budget: { limitUsd: 1, storeTimeoutMS: 5 } as BudgetOptions })).toThrow(/storeTimeoutMS is not an option/);
    expect(() => agentspan({ budget: { limitUsd: 1, estimateUsd: -1 } })).toThrow(/estimateUsd/);
    expect(() => agentspan({ budgett: {} } as never)).toThrow(/unknown option "budgett"; did you mean "budget"/);
  });
});
