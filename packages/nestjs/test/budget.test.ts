// The budget guard over real HTTP, on the Express and the Fastify platform: concurrent
// requests see each other's reservations, a key over the limit stays refused whatever the
// store forgets, a store that never answers holds no request, and bad options fail at
// start-up. (429 bodies, @SkipBudget and window resets: examples/nestjs/test/module.test.ts.)
import 'reflect-metadata';
import { Agentspan, AgentspanConfigError } from '@agentspan/core';
import { Gate, PRICED_CALL_USD, PRICED_MODEL, PRICED_TOKENS, PRICES, burst, request, until } from '@agentspan/testing-http';
import { Controller, Get, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { setupOtel } from '@agentspan/testing-http';
import { AgentspanModule, type AgentspanModuleOptions, type BudgetStore, CostBudget, InMemoryBudgetStore } from '../src/index.js';

setupOtel();
const as = new Agentspan({ prices: PRICES });
const gate = new Gate();
let running: INestApplication | undefined;

afterEach(async () => {
  gate.reset();
  await running?.close();
  running = undefined;
});

@Controller()
class ChatController {
  @Get('chat')
  async chat(): Promise<{ ok: true }> {
    await gate.pass();
    await as.chat({ provider: 'openai', requestModel: PRICED_MODEL }, async () => 'ok', () => ({
      usage: { prompt_tokens: PRICED_TOKENS, completion_tokens: 0 },
    }));
    return { ok: true };
  }
}

type Platform = 'express' | 'fastify';

async function start(platform: Platform, options: AgentspanModuleOptions): Promise<number> {
  @Module({ imports: [AgentspanModule.forRoot({ agentspan: as, ...options })], controllers: [ChatController] })
  class AppModule {}
  const app =
    platform === 'fastify'
      ? await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false, abortOnError: false })
      : await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  await app.listen(0, '127.0.0.1');
  running = app;
  return (app.getHttpServer().address() as { port: number }).port;
}

const admittedOf = (answers: { status: number }[]) => answers.filter((a) => a.status === 200).length;
const platforms: Platform[] = ['express', 'fastify'];

describe.each(platforms)('on %s', (platform) => {
  it('200 concurrent requests of one user against $0.05 ($0.0125 each): 4 admitted with estimateUsd, $0.05 spent', async () => {
    const budget = new CostBudget({ limitUsd: 0.05, estimateUsd: PRICED_CALL_USD });
    const port = await start(platform, { budget });
    const answers = await burst(port, '/chat', { 'x-user-id': 'alice' }, 200, gate);
    expect(admittedOf(answers)).toBe(4);
    expect(JSON.parse(answers.find((a) => a.status === 429)!.body)).toMatchObject({ error: 'budget_exceeded', reservedUsd: 0.05 });
    await until(() => budget.trackedKeys.inFlight === 0);
    const after = JSON.parse((await request(port, '/chat', { 'x-user-id': 'alice' })).body);
    expect(after.spentUsd).toBeCloseTo(0.05, 12);
  });

  it('default estimate: 10 admitted on a cold budget, 4 once a real cost is known', async () => {
    const budget = new CostBudget({ limitUsd: 0.05 });
    const port = await start(platform, { budget });
    expect(admittedOf(await burst(port, '/chat', { 'x-user-id': 'cold' }, 200, gate))).toBe(10);
    await until(() => budget.trackedKeys.inFlight === 0);
    gate.reset();
    expect(admittedOf(await burst(port, '/chat', { 'x-user-id': 'warm' }, 200, gate))).toBe(4);
  });

  it('a key over the limit stays refused after more other keys spent once than the store holds', async () => {
    const store = new InMemoryBudgetStore({ maxKeys: 20 });
    const port = await start(platform, { budget: { limitUsd: 0.01, store } });
    gate.open();
    expect((await request(port, '/chat', { 'x-user-id': 'alice' })).status).toBe(200);
    await until(() => (store.size as number) === 1);
    expect((await request(port, '/chat', { 'x-user-id': 'alice' })).status).toBe(429);
    for (let i = 0; i < 30; i++) expect((await request(port, '/chat', { 'x-user-id': `other-${i}` })).status).toBe(200);
    expect(store.size).toBeLessThanOrEqual(20);
    expect((await request(port, '/chat', { 'x-user-id': 'alice' })).status).toBe(429);
  });

  it('a store whose calls never settle: requests pass after storeTimeoutMs, or get 503 with passOnStoreError false', async () => {
    const hanging: BudgetStore = { spent: () => new Promise<number>(() => {}), add: () => new Promise<void>(() => {}) };
    let port = await start(platform, { budget: { limitUsd: 1, store: hanging, storeTimeoutMs: 50 } });
    gate.open();
    const answers = await Promise.all(Array.from({ length: 20 }, () => request(port, '/chat', { 'x-user-id': 'u' })));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    await running?.close();
    port = await start(platform, { budget: { limitUsd: 1, store: hanging, storeTimeoutMs: 50, passOnStoreError: false } });
    const refused = await request(port, '/chat', { 'x-user-id': 'u' });
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body)).toMatchObject({ error: 'budget_unavailable', limit: { key: 'u' } });
  });
});

describe('module options', () => {
  @Controller()
  class Hello {
    @Get('hello')
    hello(): string {
      return 'hello';
    }
  }

  it('unknown and bad budget options fail when the app starts, forRoot and forRootAsync (also without the guard)', async () => {
    const boot = async (module: ReturnType<typeof AgentspanModule.forRoot>) => {
      @Module({ imports: [module], controllers: [Hello] })
      class AppModule {}
      const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
      await app.close();
    };
    await expect(boot(AgentspanModule.forRoot({ budget: { limitUsd: 1, storeTimeoutMs: 0 } }))).rejects.toThrow(/storeTimeoutMs/);
    await expect(boot(AgentspanModule.forRoot({ budgett: 1 } as never))).rejects.toThrow(AgentspanConfigError);
    await expect(
      boot(AgentspanModule.forRootAsync({ useFactory: () => ({ budget: { limitUsd: 1, estimateUSD: 1 } as never }), budgetGuard: false })),
    ).rejects.toThrow(/estimateUSD is not an option/);
  });
});
