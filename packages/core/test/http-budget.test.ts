// The cost budget on its own (the adapters' HTTP tests: packages/express and packages/nestjs):
// reservations under concurrency, keys over the limit never forgotten within their window,
// store calls that never settle, and its options checked at start-up.
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AgentspanConfigError,
  type BudgetDecision,
  type BudgetStore,
  CostBudget,
  InMemoryBudgetStore,
  windowBounds,
} from '../src/index.js';

const ids = (userId: string) => ({ userId });
const NOW = Date.UTC(2026, 10, 21, 12);

/** Checks synchronously (the in-memory store is). */
function checkNow(budget: CostBudget, userId: string, now = NOW): BudgetDecision {
  const decision = budget.check(ids(userId), undefined, now);
  if (decision instanceof Promise) throw new Error('expected a synchronous decision');
  return decision;
}

/** One request of `userId` that costs `usd`, start to end. */
function spend(budget: CostBudget, userId: string, usd: number, now = NOW): BudgetDecision {
  const decision = checkNow(budget, userId, now);
  if (decision.allowed) budget.settle(decision, usd, now);
  return decision;
}

const diagnostics: string[] = [];
diag.setLogger(
  {
    error: (message: string) => diagnostics.push(message),
    warn: () => {},
    info: () => {},
    debug: () => {},
    verbose: () => {},
  },
  { logLevel: DiagLogLevel.ERROR, suppressOverrideMessage: true },
);
afterEach(() => {
  diagnostics.length = 0;
});

describe('a store call that never settles', () => {
  const hanging: BudgetStore = { spent: () => new Promise<number>(() => {}), add: () => new Promise<void>(() => {}) };
  const outcome = (decision: BudgetDecision | Promise<BudgetDecision>) =>
    Promise.race([Promise.resolve(decision), new Promise<'hung'>((r) => setTimeout(() => r('hung'), 2000))]);

  it('lets the request through after storeTimeoutMs (default: errors pass), with one diagnostic for many requests', async () => {
    const budget = new CostBudget({ limitUsd: 1, store: hanging, storeTimeoutMs: 30 });
    const decisions = await Promise.all(Array.from({ length: 50 }, (_, i) => outcome(budget.check(ids(`u${i % 3}`), undefined))));
    for (const d of decisions) expect(d).toMatchObject({ allowed: true });
    expect(diagnostics.filter((m) => m.includes('spent() failed'))).toHaveLength(1);
    // Nothing stays open: the checks' holds went; the admissions hold until settled.
    for (const d of decisions) if (d !== 'hung') budget.settle(d, 0.01);
    await new Promise((r) => setTimeout(r, 60)); // add() times out too
    expect(budget.trackedKeys.inFlight).toBe(0);
  });

  it('refuses with 503 and retry-after when passOnStoreError is false', async () => {
    const budget = new CostBudget({ limitUsd: 1, store: hanging, storeTimeoutMs: 30, passOnStoreError: false });
    const d = await outcome(budget.check(ids('u'), undefined));
    expect(d).toMatchObject({
      allowed: false,
      status: 503,
      headers: { 'retry-after': '1' },
      body: { error: 'budget_unavailable', limit: { name: 'default', key: 'u' } },
    });
  });

  it('a store that throws or rejects is a store error too, with the same policy', async () => {
    const throwing: BudgetStore = {
      spent: () => {
        throw new Error('down');
      },
      add: () => Promise.reject(new Error('down')),
    };
    expect(new CostBudget({ limitUsd: 1, store: throwing, passOnStoreError: false }).check(ids('u'), undefined)).toMatchObject({ status: 503 });
    const open = new CostBudget({ limitUsd: 1, store: throwing });
    const d = open.check(ids('u'), undefined) as BudgetDecision;
    expect(d.allowed).toBe(true);
    open.settle(d, 0.5); // add() rejects: reported, nothing thrown
    await new Promise((r) => setTimeout(r, 5));
    expect(open.trackedKeys.inFlight).toBe(0);
  });
});

describe('keys over the limit', () => {
  it('stay refused until their window ends after 10,000 other keys spent once (default store)', () => {
    const budget = new CostBudget({ limitUsd: 1 });
    expect(spend(budget, 'alice', 1.2).allowed).toBe(true);
    expect(checkNow(budget, 'alice').allowed).toBe(false);
    for (let i = 0; i < 10_000; i++) spend(budget, `other-${i}`, 0.01);
    const refused = checkNow(budget, 'alice');
    expect(refused).toMatchObject({ allowed: false, status: 429, body: { spentUsd: 1.2 } });
    // the next window lets alice in again
    const { end } = windowBounds('day', NOW);
    expect(checkNow(budget, 'alice', end).allowed).toBe(true);
  });

  it('a shared store that forgot a key: still refused (remembered by the budget); keys near their limit are evicted last', () => {
    const store = new InMemoryBudgetStore({ maxKeys: 100 });
    const budget = new CostBudget({ limitUsd: 1, store });
    spend(budget, 'alice', 1);
    spend(budget, 'near', 0.9);
    for (let i = 0; i < 1000; i++) spend(budget, `k${i}`, 0.01);
    expect(store.size).toBeLessThanOrEqual(100);
    expect(store.spent('near', windowBounds('day', NOW).start)).toBeCloseTo(0.9, 12);
    expect(checkNow(budget, 'alice').allowed).toBe(false);
  });

  it('maps stay bounded: the store by maxKeys, the budget by the keys in flight and those that reached the limit', () => {
    const store = new InMemoryBudgetStore({ maxKeys: 1000 });
    const budget = new CostBudget({ limitUsd: 0.05, store, estimateUsd: 0.01 });
    for (let i = 0; i < 20_000; i++) spend(budget, `k${i}`, i % 100 === 0 ? 0.06 : 0.001);
    expect(store.size).toBeLessThanOrEqual(1000);
    expect(budget.trackedKeys).toEqual({ inFlight: 0, overLimit: 200 });
    // they are let go once their window has ended (checked lazily, and all at once when full)
    const { end } = windowBounds('day', NOW);
    for (let i = 0; i < 20_000; i += 100) checkNow(budget, `k${i}`, end);
    expect(budget.trackedKeys.overLimit).toBe(0);
  });
});

describe('reservations under concurrency', () => {
  const costUsd = 0.0125;
  const admittedOf = (decisions: BudgetDecision[]) => decisions.filter((d) => d.allowed);

  it('200 concurrent requests against $0.05 with estimateUsd = their cost: 4 admitted ($0.05)', () => {
    const budget = new CostBudget({ limitUsd: 0.05, estimateUsd: costUsd });
    const decisions = Array.from({ length: 200 }, () => checkNow(budget, 'alice'));
    expect(admittedOf(decisions)).toHaveLength(4);
    const refused = decisions.find((d) => !d.allowed)!;
    expect(refused).toMatchObject({ status: 429, headers: { 'retry-after': '1' }, body: { spentUsd: 0, reservedUsd: 0.05 } });
    for (const d of admittedOf(decisions)) budget.settle(d, costUsd);
    const after = checkNow(budget, 'alice');
    expect(after.allowed).toBe(false);
    if (!after.allowed && after.status === 429) {
      expect(after.body.spentUsd).toBeCloseTo(0.05, 12);
      expect(Number(after.headers['retry-after'])).toBeGreaterThan(1); // over the limit: at the window's end
    }
  });

  it('default estimate: a tenth of the limit until a real cost is known, then the mean of recent costs', () => {
    const budget = new CostBudget({ limitUsd: 0.05 });
    const cold = Array.from({ length: 200 }, () => checkNow(budget, 'cold'));
    expect(admittedOf(cold)).toHaveLength(10);
    for (const d of admittedOf(cold)) budget.settle(d, 0); // cost nothing: nothing learnt, all released
    expect(budget.trackedKeys.inFlight).toBe(0);
    spend(budget, 'teacher', costUsd);
    const warm = Array.from({ length: 200 }, () => checkNow(budget, 'warm'));
    expect(admittedOf(warm)).toHaveLength(4);
  });

  it('settles once per admission (also with no cost: an error or an abort), releasing the reservation', () => {
    const budget = new CostBudget({ limitUsd: 0.02, estimateUsd: 0.01 });
    const a = checkNow(budget, 'u');
    const b = checkNow(budget, 'u');
    expect([a.allowed, b.allowed, checkNow(budget, 'u').allowed]).toEqual([true, true, false]);
    budget.settle(a, undefined);
    budget.settle(a, 5); // a second settle of the same admission does nothing
    expect(checkNow(budget, 'u').allowed).toBe(true);
  });

  it('an estimate function: per request, with the default when it throws or returns junk', () => {
    const budget = new CostBudget<{ route: string }>({
      limitUsd: 1,
      estimateUsd: (_ids, req) => {
        if (req.route === '/boom') throw new Error('estimator bug');
        return req.route === '/chat' ? 0.4 : req.route === '/nan' ? Number.NaN : 0;
      },
    });
    const at = (route: string) => budget.check(ids('u'), { route }, NOW) as BudgetDecision;
    expect(at('/health')).toMatchObject({ allowed: true, reservedUsd: 0 });
    expect(at('/chat')).toMatchObject({ reservedUsd: 0.4 });
    expect(at('/nan')).toMatchObject({ reservedUsd: 0.1 });
    expect(at('/boom')).toMatchObject({ reservedUsd: 0.1 });
    expect(at('/chat')).toMatchObject({ reservedUsd: 0.4 }); // 0.6 reserved before it: below 1
    expect(at('/health').allowed).toBe(false);
  });

  it('an asynchronous store: a request that ends while another check waits on the store is counted', async () => {
    let release: (usd: number) => void = () => {};
    const spent = new Map<string, number>();
    const slow: BudgetStore = {
      spent: () => new Promise<number>((r) => (release = r)), // answers what the test says
      add: (key, _start, usd) => {
        spent.set(key, (spent.get(key) ?? 0) + usd);
      },
    };
    const budget = new CostBudget({ limitUsd: 1, store: slow, estimateUsd: 0 });
    const first = budget.check(ids('u'), undefined);
    release(0);
    const admitted = await first;
    const waiting = budget.check(ids('u'), undefined); // the store's answer is read before the first ends
    const staleAnswer = 0;
    budget.settle(admitted, 1.5);
    release(staleAnswer);
    expect((await waiting).allowed).toBe(false);
  });
});

describe('keys', () => {
  it('a key longer than 256 characters is counted under its SHA-256; no key, not limited', () => {
    const budget = new CostBudget({ limitUsd: 1 });
    const long = 'x'.repeat(1_000_000);
    expect(budget.keyFor(ids(long), undefined)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(budget.keyFor({}, undefined)).toBeUndefined();
    expect(checkNow(budget, '')).toMatchObject({ allowed: true, key: undefined });
  });
});

describe('options, checked when the budget is made', () => {
  const bad: [string, unknown][] = [
    ['unknown key', { limitUsd: 1, limitUSD: 2 }],
    ['negative limit', { limitUsd: -1 }],
    ['window too long', { limitUsd: 1, window: { durationMs: 1e16 } }],
    ['window with extra keys', { limitUsd: 1, window: { durationMs: 1000, ms: 1 } }],
    ['estimate NaN', { limitUsd: 1, estimateUsd: Number.NaN }],
    ['estimate string', { limitUsd: 1, estimateUsd: '0.1' }],
    ['timeout 0', { limitUsd: 1, storeTimeoutMs: 0 }],
    ['timeout overflow', { limitUsd: 1, storeTimeoutMs: 1e10 }],
    ['timeout fraction', { limitUsd: 1, storeTimeoutMs: 1.5 }],
    ['passOnStoreError string', { limitUsd: 1, passOnStoreError: 'no' }],
    ['name empty', { limitUsd: 1, name: '' }],
    ['store without add', { limitUsd: 1, store: { spent: () => 0 } }],
    ['not an object', 5],
  ];
  it.each(bad)('%s: AgentspanConfigError', (_what, options) => {
    expect(() => new CostBudget(options as never)).toThrow(AgentspanConfigError);
  });

  it('the message names the option', () => {
    expect(() => new CostBudget({ limitUsd: 1, storeTimeoutMs: -1 })).toThrow(/budget\.storeTimeoutMs/);
    expect(() => new CostBudget({ limitUsd: 1, estimateUSD: 1 } as never)).toThrow(/budget\.estimateUSD is not an option/);
  });

  it('InMemoryBudgetStore: maxKeys must be an integer >= 1', () => {
    for (const maxKeys of [0, Number.NaN, 1.5, '10', Number.POSITIVE_INFINITY]) {
      expect(() => new InMemoryBudgetStore({ maxKeys: maxKeys as number })).toThrow(AgentspanConfigError);
    }
    expect(() => new InMemoryBudgetStore({ maxkeys: 5 } as never)).toThrow(AgentspanConfigError);
  });
});
