// The options of a cost budget, checked once when the budget is made: a wrong type, a
// value out of range or an unknown key is an AgentspanConfigError at start-up.
import { AgentspanConfigError } from '../errors.js';
import type { TurnIdentity } from '../types.js';
import type { BudgetStore } from './budget-store.js';
import { type BudgetWindow, isValidWindow } from './budget-window.js';

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
  /**
   * USD an admitted request reserves against its key until it ends, when its real cost
   * replaces the reservation: a number, or a function of the request (undefined: the
   * default). Default: the mean real cost of the budget's last 64 requests that cost
   * anything; until one has ended, a tenth of `limitUsd`.
   */
  estimateUsd?: number | ((identity: TurnIdentity, req: Req) => number | undefined | null);
  /** Most milliseconds a store call may take; a later answer counts as a store error. Default 1000. */
  storeTimeoutMs?: number;
  /**
   * What a store error (a throw, a rejection, a timeout) does to the request being checked:
   * `true` (default) lets it through, `false` refuses it with 503.
   */
  passOnStoreError?: boolean;
}

/** The options with their defaults applied. */
export interface BudgetSettings<Req> {
  limitUsd: number;
  window: BudgetWindow;
  name: string;
  key: ((identity: TurnIdentity, req: Req) => string | undefined | null) | undefined;
  store: BudgetStore | undefined;
  estimateUsd: number | ((identity: TurnIdentity, req: Req) => number | undefined | null) | undefined;
  storeTimeoutMs: number;
  passOnStoreError: boolean;
}

const KNOWN = new Set(['limitUsd', 'window', 'key', 'store', 'name', 'estimateUsd', 'storeTimeoutMs', 'passOnStoreError']);
/** setTimeout's largest delay; a longer one fires at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

function isUsd(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

function fail(message: string): never {
  throw new AgentspanConfigError(`budget.${message}`);
}

/** @throws AgentspanConfigError naming the first bad option. */
export function budgetSettings<Req>(options: BudgetOptions<Req>): BudgetSettings<Req> {
  if (typeof options !== 'object' || options === null) throw new AgentspanConfigError('budget must be an object with limitUsd');
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) fail(`${key} is not an option (known: ${[...KNOWN].join(', ')})`);
  }
  const { limitUsd, window = 'day', key, store, name = 'default', estimateUsd, storeTimeoutMs = 1000, passOnStoreError = true } = options;
  if (!isUsd(limitUsd)) fail('limitUsd must be a finite number >= 0');
  if (!isValidWindow(window)) fail("window must be 'day', 'hour' or { durationMs } (1 ms to 366 days)");
  if (key !== undefined && typeof key !== 'function') fail('key must be a function (identity, req) => string | undefined');
  if (store !== undefined && (typeof store?.spent !== 'function' || typeof store?.add !== 'function')) {
    fail('store must implement spent() and add()');
  }
  if (typeof name !== 'string' || name === '') fail('name must be a non-empty string');
  if (estimateUsd !== undefined && !isUsd(estimateUsd) && typeof estimateUsd !== 'function') {
    fail('estimateUsd must be a finite number >= 0 or a function (identity, req) => number');
  }
  if (typeof storeTimeoutMs !== 'number' || !Number.isInteger(storeTimeoutMs) || storeTimeoutMs < 1 || storeTimeoutMs > MAX_TIMEOUT_MS) {
    fail(`storeTimeoutMs must be an integer from 1 to ${MAX_TIMEOUT_MS}`);
  }
  if (typeof passOnStoreError !== 'boolean') fail('passOnStoreError must be a boolean');
  return { limitUsd, window, name, key, store, estimateUsd, storeTimeoutMs, passOnStoreError };
}
