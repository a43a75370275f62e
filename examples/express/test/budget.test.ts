// The opt-in cost budget: 429 with a JSON body once a key's spend reaches the limit, the
// spend taken from each request's rollup, a fresh window after the reset.
import { Agentspan, type BudgetStore, InMemoryBudgetStore, } from '@agentspan/core';
import { FIXTURE_PRICES, S1 } from '@agentspan/conformance';
import { SpanKind } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setupOtel, until } from '@agentspan/testing-http';

const otel = setupOtel();
const { default: express } = await import('express');
const { startApp, pendingTurns } = await import('../src/app.js');
const { post } = await import('@agentspan/testing-http');

const as = new Agentspan({ prices: FIXTURE_PRICES });
const TURN_COST = 0.000183;
let app: Awaited<ReturnType<typeof startApp>> | undefined;
let seq = 0;

beforeEach(() => otel.exporter.reset());
afterEach(async () => {
  await app?.close();
  app = undefined;
});

function turn(userId: string) {
  const id = `b${++seq}`;
  pendingTurns.set(id, { variant: 'ok', userMessage: S1.userMessage });
  return post(app!.port, '/turns/support', {}, { 'x-turn-id': id, 'x-conversation-id': `conv-${seq}`, 'x-user-id': userId });
}

describe('cost budget', () => {
  it('refuses a key with 429 once its spend reaches the limit, and lets it through after the window resets', async () => {
    const windowMs = 1500;
    app = await startApp(express, { agentspan: as, budget: { limitUsd: TURN_COST * 2, window: { durationMs: windowMs } } });
    // start right after a window boundary so that three turns fit in one window
    await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 5));
    expect((await turn('alice')).status).toBe(200);
    expect((await turn('alice')).status).toBe(200);
    const refused = await turn('alice');
    expect(refused.status).toBe(429);
    const body = JSON.parse(refused.body);
    expect(body).toMatchObject({
      error: 'budget_exceeded',
      limit: { name: 'default', key: 'alice', limitUsd: TURN_COST * 2, window: `${windowMs}ms` },
    });
    expect(body.spentUsd).toBeCloseTo(TURN_COST * 2, 12);
    const resetsAt = Date.parse(body.resetsAt);
    expect(resetsAt % windowMs).toBe(0);
    expect(resetsAt).toBeGreaterThan(Date.now());
    // another key has its own budget
    expect((await turn('bob')).status).toBe(200);
    // the refused request ran no turn and is marked on its server span
    await until(() => otel.spans().filter((s) => s.kind === SpanKind.SERVER).length === 4);
    const servers = otel.spans().filter((s) => s.kind === SpanKind.SERVER);
    const refusedSpan = servers.find((s) => s.attributes['http.response.status_code'] === 429)!;
    expect(refusedSpan.attributes['agentspan.budget.key']).toBe('alice');
    expect(refusedSpan.attributes['agentspan.budget.limit_usd']).toBeCloseTo(TURN_COST * 2, 12);
    expect(refusedSpan.attributes['agentspan.llm.calls']).toBeUndefined();
    expect(otel.spans().filter((s) => s.name === 'invoke_agent support-agent')).toHaveLength(3);
    // after the reset
    await new Promise((r) => setTimeout(r, Math.max(0, resetsAt - Date.now() + 5)));
    expect((await turn('alice')).status).toBe(200);
  });

  it('counts the spend from the rollup of the request (cost of its turn), under the user id by default', async () => {
    const store = new InMemoryBudgetStore();
    app = await startApp(express, { agentspan: as, budget: { limitUsd: 1, store } });
    await turn('carol');
    await turn('carol');
    const { start } = { start: Math.floor(Date.now() / 86_400_000) * 86_400_000 };
    await until(() => store.spent('carol', start) > TURN_COST * 1.5);
    expect(store.spent('carol', start)).toBeCloseTo(TURN_COST * 2, 12);
  });

  it('a request without a key (no user id) is not limited; a custom key function is used', async () => {
    app = await startApp(express, {
      agentspan: as,
      budget: { limitUsd: 0, key: (ids) => (ids.userId === 'team-a-user' ? 'team-a' : undefined) },
    });
    const anonymous = await post(app.port, '/hello-missing', {}, {});
    expect(anonymous.status).toBe(404); // not refused: routed normally
    expect((await turn('someone')).status).toBe(200);
    expect((await turn('team-a-user')).status).toBe(429);
  });

  it('a failing store lets requests through (tracing never takes the app down)', async () => {
    const broken: BudgetStore = {
      spent: () => Promise.reject(new Error('store down')),
      add: () => {
        throw new Error('store down');
      },
    };
    app = await startApp(express, { agentspan: as, budget: { limitUsd: 0, store: broken } });
    expect((await turn('dave')).status).toBe(200);
  });
});
