// The opt-in cost budget of HTTP adapters: a limit in USD per key per window, checked
// before the handler runs. An admitted request reserves an estimate of its cost until it
// ends, when its real cost (its rollup) replaces the reservation: requests running at the
// same time see each other's reservations, so together they cannot overshoot the limit by
// more than what those in flight cost beyond their estimates.
import { createHash } from 'node:crypto';
import { reportInternal } from '../safety.js';
import type { TurnIdentity } from '../types.js';
import { BudgetLedger, type KeyLedger } from './budget-ledger.js';
import { type BudgetOptions, type BudgetSettings, budgetSettings } from './budget-options.js';
import { type BudgetStore, InMemoryBudgetStore } from './budget-store.js';
import { type BudgetWindow, describeWindow, windowBounds } from './budget-window.js';
import { settleWithin } from './settle-within.js';

export type { BudgetOptions } from './budget-options.js';

export interface BudgetExceededBody {
  error: 'budget_exceeded';
  message: string;
  limit: { name: string; key: string; limitUsd: number; window: string };
  /** What the key spent in the window (requests that ended). */
  spentUsd: number;
  /** What the key's requests in flight hold reserved. */
  reservedUsd: number;
  /** When the window ends (ISO 8601, UTC). */
  resetsAt: string;
}

/** The body of a 503: the store failed and `passOnStoreError` is false. */
export interface BudgetUnavailableBody {
  error: 'budget_unavailable';
  message: string;
  limit: { name: string; key: string };
}

export type BudgetDecision =
  | {
      allowed: true;
      key: string | undefined;
      /** USD reserved for this request until `settle()` (0 for a request without a key). */
      reservedUsd: number;
    }
  | {
      allowed: false;
      key: string;
      status: 429;
      body: BudgetExceededBody;
      /** `retry-after` in seconds, to send with the refusal. */
      headers: Record<string, string>;
    }
  | {
      allowed: false;
      key: string;
      status: 503;
      body: BudgetUnavailableBody;
      headers: Record<string, string>;
    };

type Refusal = Extract<BudgetDecision, { allowed: false }>;
type Admission = Extract<BudgetDecision, { allowed: true }>;

const ALLOW_UNKEYED: BudgetDecision = Object.freeze({ allowed: true, key: undefined, reservedUsd: 0 });
/** Longer keys are counted under their SHA-256 (a key function may return what a client sent). */
const MAX_KEY_LENGTH = 256;
/** `retry-after` of a refusal caused by reservations (requests in flight) or a failing store. */
const RETRY_SOON_S = 1;
/** Sums of costs carry float rounding (4 × 0.0125 < 0.05): below a nano-dollar, spend counts as reached. */
const ROUNDING_USD = 1e-9;
/** The default estimate before any request's real cost is known: this share of the limit. */
const COLD_ESTIMATE_SHARE = 0.1;

function usdOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

export class CostBudget<Req = unknown> {
  readonly limitUsd: number;
  readonly window: BudgetWindow;
  readonly name: string;
  readonly store: BudgetStore;
  private readonly settings: BudgetSettings<Req>;
  private readonly ledger = new BudgetLedger();
  /** Admissions not settled yet: settle() counts each once. */
  private readonly open = new WeakSet<object>();
  /** Whether the store's last spent() answered synchronously (then it is read back after add()). */
  private syncStore = false;

  /** @throws AgentspanConfigError on a bad or unknown option. */
  constructor(options: BudgetOptions<Req>) {
    this.settings = budgetSettings(options);
    this.limitUsd = this.settings.limitUsd;
    this.window = this.settings.window;
    this.name = this.settings.name;
    this.store = this.settings.store ?? new InMemoryBudgetStore();
  }

  /** Keys with requests in flight (or store calls open), and keys remembered as over the limit until their window ends. */
  get trackedKeys(): { inFlight: number; overLimit: number } {
    const { open, limited } = this.ledger.size;
    return { inFlight: open, overLimit: limited };
  }

  /** The key of a request, or undefined when it is not limited. Never throws. */
  keyFor(identity: TurnIdentity, req: Req): string | undefined {
    let key: unknown;
    try {
      key = this.settings.key ? this.settings.key(identity, req) : identity.userId;
    } catch (error) {
      reportInternal('budget key function threw', error);
      return undefined;
    }
    if (typeof key !== 'string' || key === '') return undefined;
    return key.length > MAX_KEY_LENGTH ? `sha256:${createHash('sha256').update(key).digest('hex')}` : key;
  }

  /**
   * Admits the request while its key's spend plus what its requests in flight reserved is
   * below the limit; an admission reserves the estimate, to be settled by `settle()` when the
   * request ends. A key remembered over the limit is refused without asking the store. A
   * store error (throw, rejection, no answer within `storeTimeoutMs`) lets the request
   * through, or refuses it with 503 when `passOnStoreError` is false; reported once to diag.
   * Synchronous when the store is; never throws or rejects.
   */
  check(identity: TurnIdentity, req: Req, nowMs: number = Date.now()): BudgetDecision | Promise<BudgetDecision> {
    const key = this.keyFor(identity, req);
    if (key === undefined) return ALLOW_UNKEYED;
    const { start, end } = windowBounds(this.window, nowMs);
    const limited = this.ledger.limitedSpend(key, nowMs);
    if (limited) return this.exceeded(key, limited.spentUsd, 0, limited.until, nowMs);
    // Held while the store answers: what ends meanwhile is counted (the answer may predate it).
    const entry = this.ledger.hold(key);
    const confirmedBefore = entry.confirmed;
    let spent: unknown;
    try {
      spent = this.store.spent(key, start);
    } catch (error) {
      return this.afterStore(key, entry, () => this.storeFailed('spent() threw', error, key, entry, identity, req));
    }
    this.syncStore = typeof spent === 'number';
    if (typeof spent === 'number') {
      return this.afterStore(key, entry, () => this.decide(key, entry, spent as number, confirmedBefore, end, nowMs, identity, req));
    }
    return settleWithin(spent, this.settings.storeTimeoutMs, 'spent()').then(
      (usd) => this.afterStore(key, entry, () => this.decide(key, entry, usd, confirmedBefore, end, nowMs, identity, req)),
      (error: unknown) => this.afterStore(key, entry, () => this.storeFailed('spent() failed', error, key, entry, identity, req)),
    );
  }

  /**
   * Ends an admission: its reservation is released and the request's real cost added to the
   * key's current window. Once per decision (later calls do nothing); never throws.
   */
  settle(decision: BudgetDecision, costUsd: number | undefined, nowMs: number = Date.now()): void {
    if (!decision.allowed || decision.key === undefined || !this.open.has(decision)) return;
    this.open.delete(decision);
    const key = decision.key;
    try {
      const entry = this.ledger.hold(key);
      entry.reserved = Math.max(0, entry.reserved - decision.reservedUsd);
      this.ledger.release(key, entry); // the admission's hold
      const usd = usdOf(costUsd);
      if (usd !== undefined && usd > 0) {
        this.ledger.learn(usd);
        this.addToStore(key, entry, usd, nowMs);
      }
      this.ledger.release(key, entry); // this call's own
    } catch (error) {
      reportInternal('budget settle', error);
    }
  }

  /** Adds a cost to a key's current window, outside any admission. Never throws or rejects. */
  record(key: string | undefined, usd: number | undefined, nowMs: number = Date.now()): void {
    const cost = usdOf(usd);
    if (key === undefined || cost === undefined || cost === 0) return;
    const entry = this.ledger.hold(key);
    this.addToStore(key, entry, cost, nowMs);
    this.ledger.release(key, entry);
  }

  private afterStore(key: string, entry: KeyLedger, decide: () => BudgetDecision): BudgetDecision {
    try {
      return decide();
    } catch (error) {
      reportInternal('budget check', error);
      return ALLOW_UNKEYED;
    } finally {
      this.ledger.release(key, entry);
    }
  }

  private decide(
    key: string,
    entry: KeyLedger,
    stored: unknown,
    confirmedBefore: number,
    windowEnd: number,
    nowMs: number,
    identity: TurnIdentity,
    req: Req,
  ): BudgetDecision {
    const storedUsd = usdOf(stored) ?? 0;
    if (storedUsd > 0 && storedUsd + ROUNDING_USD >= this.limitUsd) this.ledger.markLimited(key, windowEnd, storedUsd, nowMs);
    // What ended while the store answered, and what the store has not confirmed, may be
    // missing from its answer: counted (never less than the truth).
    const spent = storedUsd + (entry.confirmed - confirmedBefore) + entry.unconfirmed;
    if (spent + entry.reserved + ROUNDING_USD < this.limitUsd) return this.admit(key, entry, identity, req);
    return this.exceeded(key, spent, entry.reserved, windowEnd, nowMs);
  }

  private admit(key: string, entry: KeyLedger, identity: TurnIdentity, req: Req): Admission {
    const reservedUsd = this.estimate(identity, req);
    entry.reserved += reservedUsd;
    this.ledger.hold(key); // released by settle()
    const decision: Admission = { allowed: true, key, reservedUsd };
    this.open.add(decision);
    return decision;
  }

  private estimate(identity: TurnIdentity, req: Req): number {
    const given = this.settings.estimateUsd;
    if (typeof given === 'number') return given;
    if (given) {
      try {
        const usd = usdOf(given(identity, req));
        if (usd !== undefined) return usd;
      } catch (error) {
        reportInternal('budget estimateUsd function threw', error);
      }
    }
    return this.ledger.meanCost ?? this.limitUsd * COLD_ESTIMATE_SHARE;
  }

  private storeFailed(what: string, error: unknown, key: string, entry: KeyLedger, identity: TurnIdentity, req: Req): BudgetDecision {
    reportInternal(`budget store ${what}`, error);
    if (this.settings.passOnStoreError) return this.admit(key, entry, identity, req);
    return {
      allowed: false,
      key,
      status: 503,
      headers: { 'retry-after': String(RETRY_SOON_S) },
      body: {
        error: 'budget_unavailable',
        message: `Cost budget '${this.name}' could not be checked (its store failed); retry shortly.`,
        limit: { name: this.name, key },
      },
    };
  }

  private addToStore(key: string, entry: KeyLedger, usd: number, nowMs: number): void {
    const { start, end } = windowBounds(this.window, nowMs);
    entry.unconfirmed += usd;
    this.ledger.hold(key);
    const confirm = (ok: boolean) => {
      entry.unconfirmed = Math.max(0, entry.unconfirmed - usd);
      if (ok) entry.confirmed += usd;
      this.ledger.release(key, entry);
    };
    let done: unknown;
    try {
      done = this.store.add(key, start, usd, end);
    } catch (error) {
      reportInternal('budget store add() threw', error);
      confirm(false);
      return;
    }
    if (typeof (done as { then?: unknown } | null | undefined)?.then !== 'function') {
      confirm(true);
      if (this.syncStore) this.noteSpent(key, start, end, nowMs);
      return;
    }
    settleWithin(done, this.settings.storeTimeoutMs, 'add()').then(
      () => confirm(true),
      (error: unknown) => {
        reportInternal('budget store add() failed', error);
        confirm(false);
      },
    );
  }

  /** After add() on a synchronous store: a key now over the limit is remembered until its window ends. */
  private noteSpent(key: string, start: number, end: number, nowMs: number): void {
    try {
      const spent = this.store.spent(key, start);
      if (typeof spent === 'number' && spent > 0 && spent + ROUNDING_USD >= this.limitUsd) this.ledger.markLimited(key, end, spent, nowMs);
    } catch (error) {
      reportInternal('budget store spent() threw', error);
    }
  }

  private exceeded(key: string, spentUsd: number, reservedUsd: number, windowEnd: number, nowMs: number): Refusal {
    const resetsAt = new Date(windowEnd).toISOString();
    // Over the limit: at the window's end. Held back by requests in flight: soon.
    const retryAfter = spentUsd + ROUNDING_USD >= this.limitUsd ? Math.max(1, Math.ceil((windowEnd - nowMs) / 1000)) : RETRY_SOON_S;
    const held = reservedUsd > 0 && spentUsd + ROUNDING_USD < this.limitUsd ? ` (${reservedUsd} USD of it reserved by requests in flight)` : '';
    return {
      allowed: false,
      key,
      status: 429,
      headers: { 'retry-after': String(retryAfter) },
      body: {
        error: 'budget_exceeded',
        message: `Cost budget '${this.name}' of ${this.limitUsd} USD per ${describeWindow(this.window)} reached for this key${held}; it resets at ${resetsAt}.`,
        limit: { name: this.name, key, limitUsd: this.limitUsd, window: describeWindow(this.window) },
        spentUsd,
        reservedUsd,
        resetsAt,
      },
    };
  }
}

/** A budget from its options, or the budget itself when given one. @throws AgentspanConfigError on bad options. */
export function costBudget<Req>(budget: BudgetOptions<Req> | CostBudget<Req>): CostBudget<Req> {
  // By shape, not instanceof: the ESM and CommonJS copies of this package each have a class.
  const given = budget as Partial<CostBudget<Req>> | null;
  if (typeof given?.check === 'function' && typeof given.settle === 'function' && typeof given.keyFor === 'function') {
    return budget as CostBudget<Req>;
  }
  return new CostBudget(budget as BudgetOptions<Req>);
}
