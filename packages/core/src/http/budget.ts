// The opt-in cost budget of HTTP adapters: a limit in USD per key per window, checked
// before the handler runs; the request's own cost is added when it ends.
import { AgentspanConfigError } from '../errors.js';
import { reportInternal } from '../safety.js';
import type { TurnIdentity } from '../types.js';
import { type BudgetStore, InMemoryBudgetStore } from './budget-store.js';
import { type BudgetWindow, describeWindow, isValidWindow, windowBounds } from './budget-window.js';

export interface BudgetOptions<Req = unknown> {
  /** Most USD a key may spend per window. */
  limitUsd: number;
  /** Default `day` (a UTC day). */
  window?: BudgetWindow;
  /** The key spend is counted under. Default: the user id; no key → the request is not limited. */
  key?: (identity: TurnIdentity, req: Req) => string | undefined | null;
  /** Default: an in-memory store (one process). */
  store?: BudgetStore;
  /** Names the limit in the 429 body (several budgets may apply). Default `default`. */
  name?: string;
}

export interface BudgetExceededBody {
  error: 'budget_exceeded';
  message: string;
  limit: { name: string; key: string; limitUsd: number; window: string };
  spentUsd: number;
  /** When the window ends (ISO 8601, UTC). */
  resetsAt: string;
}

export type BudgetDecision =
  | { allowed: true; key: string | undefined }
  | {
      allowed: false;
      key: string;
      status: 429;
      body: BudgetExceededBody;
      /** `retry-after` in seconds, to send with the 429. */
      headers: Record<string, string>;
    };

const ALLOW_UNKEYED: BudgetDecision = { allowed: true, key: undefined };

export class CostBudget<Req = unknown> {
  readonly limitUsd: number;
  readonly window: BudgetWindow;
  readonly name: string;
  readonly store: BudgetStore;
  private readonly keyOf: (identity: TurnIdentity, req: Req) => string | undefined | null;

  /** @throws AgentspanConfigError on a bad limit, window, key or store. */
  constructor(options: BudgetOptions<Req>) {
    const { limitUsd, window = 'day', key, store, name = 'default' } = options ?? ({} as BudgetOptions<Req>);
    if (typeof limitUsd !== 'number' || !Number.isFinite(limitUsd) || limitUsd < 0) {
      throw new AgentspanConfigError('budget.limitUsd must be a finite number >= 0');
    }
    if (!isValidWindow(window)) {
      throw new AgentspanConfigError("budget.window must be 'day', 'hour' or { durationMs >= 1 }");
    }
    if (key !== undefined && typeof key !== 'function') throw new AgentspanConfigError('budget.key must be a function');
    if (store !== undefined && (typeof store?.spent !== 'function' || typeof store?.add !== 'function')) {
      throw new AgentspanConfigError('budget.store must implement spent() and add()');
    }
    this.limitUsd = limitUsd;
    this.window = window;
    this.name = typeof name === 'string' && name !== '' ? name : 'default';
    this.store = store ?? new InMemoryBudgetStore();
    this.keyOf = key ?? ((identity) => identity.userId);
  }

  /** The key of a request, or undefined when it is not limited. Never throws. */
  keyFor(identity: TurnIdentity, req: Req): string | undefined {
    try {
      const key = this.keyOf(identity, req);
      return typeof key === 'string' && key !== '' ? key : undefined;
    } catch (error) {
      reportInternal('budget key function threw', error);
      return undefined;
    }
  }

  /**
   * Allowed while the key's spend in the current window is below the limit. A failing
   * store lets the request through (reported to diag): tracing never takes the app down.
   */
  check(identity: TurnIdentity, req: Req, nowMs: number = Date.now()): BudgetDecision | Promise<BudgetDecision> {
    const key = this.keyFor(identity, req);
    if (key === undefined) return ALLOW_UNKEYED;
    const { start, end } = windowBounds(this.window, nowMs);
    let spent: number | Promise<number>;
    try {
      spent = this.store.spent(key, start);
    } catch (error) {
      reportInternal('budget store spent() threw', error);
      return { allowed: true, key };
    }
    if (typeof spent === 'number') return this.decide(key, spent, end, nowMs);
    return Promise.resolve(spent).then(
      (usd) => this.decide(key, usd, end, nowMs),
      (error: unknown) => {
        reportInternal('budget store spent() rejected', error);
        return { allowed: true, key } as const;
      },
    );
  }

  /** Adds a finished request's cost to its key's current window. Never throws or rejects. */
  record(key: string | undefined, usd: number | undefined, nowMs: number = Date.now()): void {
    if (key === undefined || usd === undefined || !Number.isFinite(usd) || usd <= 0) return;
    const { start, end } = windowBounds(this.window, nowMs);
    try {
      const done = this.store.add(key, start, usd, end);
      if (done && typeof done.then === 'function') {
        done.then(undefined, (error: unknown) => reportInternal('budget store add() rejected', error));
      }
    } catch (error) {
      reportInternal('budget store add() threw', error);
    }
  }

  private decide(key: string, spent: number, windowEnd: number, nowMs: number): BudgetDecision {
    const usd = typeof spent === 'number' && Number.isFinite(spent) ? spent : 0;
    if (usd < this.limitUsd) return { allowed: true, key };
    const resetsAt = new Date(windowEnd).toISOString();
    const retryAfter = Math.max(1, Math.ceil((windowEnd - nowMs) / 1000));
    return {
      allowed: false,
      key,
      status: 429,
      headers: { 'retry-after': String(retryAfter) },
      body: {
        error: 'budget_exceeded',
        message: `Cost budget '${this.name}' of ${this.limitUsd} USD per ${describeWindow(this.window)} reached for this key; it resets at ${resetsAt}.`,
        limit: { name: this.name, key, limitUsd: this.limitUsd, window: describeWindow(this.window) },
        spentUsd: usd,
        resetsAt,
      },
    };
  }
}
