// The middleware's options and the budget's building blocks, without the example app (the
// S1 app and the tests that serve it live in examples/express): configuration errors at
// start-up, an id extractor that throws, the in-memory budget store, the UTC day window.
import { Agentspan, AgentspanConfigError, type BudgetStore, CostBudget, InMemoryBudgetStore, windowBounds } from '@agentspan/core';
import { FIXTURE_PRICES } from '@agentspan/conformance';
import { SpanKind } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { agentspan, agentspanErrorHandler } from '../src/index.js';
import { setupOtel, until } from '@agentspan/testing-http';

const otel = setupOtel({ http: false });
const { default: express } = await import('express');

const as = new Agentspan({ prices: FIXTURE_PRICES });
const servers = () => otel.spans().filter((s) => s.kind === SpanKind.SERVER);
beforeEach(() => otel.exporter.reset());

describe('express middleware options', () => {
  it('an id extractor that throws leaves the id unset; the request is served', async () => {
    const throwing = express();
    throwing.use(
      agentspan({
        agentspan: as,
        userId: () => {
          throw new Error('extractor bug');
        },
      }),
    );
    throwing.get('/', (_req, res) => {
      res.send('ok');
    });
    throwing.use(agentspanErrorHandler());
    const server = throwing.listen(0);
    await new Promise((r) => server.once('listening', r));
    const res = await fetch(`http://127.0.0.1:${(server.address() as { port: number }).port}/`, { headers: { 'x-conversation-id': 'c' } });
    expect(await res.text()).toBe('ok');
    server.close();
    await until(() => servers().length === 1);
    expect(servers()[0]!.attributes['user.id']).toBeUndefined();
    expect(servers()[0]!.attributes['gen_ai.conversation.id']).toBe('c');
  });

  it('bad options fail at start-up with AgentspanConfigError', () => {
    expect(() => agentspan({ userId: 42 as unknown as string })).toThrow(AgentspanConfigError);
    expect(() => agentspan({ conversationId: '' })).toThrow(AgentspanConfigError);
    expect(() => agentspan({ agentspan: {} as Agentspan })).toThrow(AgentspanConfigError);
    expect(() => agentspan({ nameEveryRequest: 'yes' as unknown as boolean })).toThrow(/nameEveryRequest must be a boolean/);
  });
});

describe('cost budget building blocks', () => {
  it('bad budget options fail at start-up', () => {
    expect(() => agentspan({ budget: { limitUsd: -1 } })).toThrow(AgentspanConfigError);
    expect(() => agentspan({ budget: { limitUsd: Number.NaN } })).toThrow(AgentspanConfigError);
    expect(() => agentspan({ budget: { limitUsd: 1, window: { durationMs: 0 } } })).toThrow(AgentspanConfigError);
    expect(() => agentspan({ budget: { limitUsd: 1, store: {} as BudgetStore } })).toThrow(AgentspanConfigError);
  });

  it('the in-memory store is bounded: past windows go first, then the keys that spent least (the oldest among equals)', () => {
    const store = new InMemoryBudgetStore({ maxKeys: 3 });
    store.add('a', 0, 1, 10);
    store.add('b', 10, 1, 20);
    store.add('c', 10, 1, 20);
    store.add('d', 10, 1, 20); // 'a' belongs to a past window: dropped first
    expect(store.size).toBe(3);
    expect(store.spent('a', 0)).toBe(0);
    store.add('e', 10, 1, 20); // all current, all spent alike: the oldest ('b') goes
    expect(store.size).toBe(3);
    expect(store.spent('b', 10)).toBe(0);
    expect(store.spent('e', 10)).toBe(1);
    store.add('e', 10, 2, 20);
    expect(store.spent('e', 10)).toBe(3);
    store.add('e', 20, 5, 30); // a new window starts from zero
    expect(store.spent('e', 20)).toBe(5);
    expect(store.spent('e', 10)).toBe(0);
  });

  it('a UTC day window resets at midnight UTC', () => {
    const now = Date.parse('2026-11-21T17:45:00.000Z');
    const { start, end } = windowBounds('day', now);
    expect(new Date(start).toISOString()).toBe('2026-11-21T00:00:00.000Z');
    expect(new Date(end).toISOString()).toBe('2026-11-22T00:00:00.000Z');
    const budget = new CostBudget({ limitUsd: 1 });
    budget.record('k', 2, now);
    const decision = budget.check({ userId: 'k' }, {}, now);
    expect(decision).toMatchObject({
      allowed: false,
      status: 429,
      headers: { 'retry-after': String(6 * 3600 + 15 * 60) },
      body: { resetsAt: '2026-11-22T00:00:00.000Z', limit: { window: 'day' } },
    });
    expect(budget.check({ userId: 'k' }, {}, Date.parse('2026-11-22T00:00:00.000Z'))).toEqual({ allowed: true, key: 'k', reservedUsd: 0.1 });
  });
});
