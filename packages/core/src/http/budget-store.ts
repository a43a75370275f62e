// Where spend per key and window is kept. The in-memory default serves one process; an
// implementation over a shared store (Redis…) lets several instances share one budget.
import { AgentspanConfigError } from '../errors.js';

export interface BudgetStore {
  /** USD spent by `key` in the window starting at `windowStart` (ms since epoch). */
  spent(key: string, windowStart: number): number | Promise<number>;
  /** Adds `usd` (> 0) to that window; `windowEnd` tells when the entry may be dropped. */
  add(key: string, windowStart: number, usd: number, windowEnd: number): void | Promise<void>;
}

export interface InMemoryBudgetStoreOptions {
  /**
   * Most keys kept (an integer >= 1). When full, entries of past windows go first, then the
   * tenth of the keys that spent least. Default 10000.
   */
  maxKeys?: number;
}

interface Entry {
  windowStart: number;
  windowEnd: number;
  usd: number;
}

/** Share of the keys dropped at once when the store is full of the current window's keys. */
const EVICTED_SHARE = 0.1;

export class InMemoryBudgetStore implements BudgetStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxKeys: number;

  /** @throws AgentspanConfigError on a bad or unknown option. */
  constructor(options: InMemoryBudgetStoreOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new AgentspanConfigError('InMemoryBudgetStore options must be an object');
    for (const key of Object.keys(options)) {
      if (key !== 'maxKeys') throw new AgentspanConfigError(`InMemoryBudgetStore: ${key} is not an option (known: maxKeys)`);
    }
    const maxKeys = options.maxKeys ?? 10_000;
    if (typeof maxKeys !== 'number' || !Number.isSafeInteger(maxKeys) || maxKeys < 1) {
      throw new AgentspanConfigError('InMemoryBudgetStore: maxKeys must be an integer >= 1');
    }
    this.maxKeys = maxKeys;
  }

  spent(key: string, windowStart: number): number {
    const entry = this.entries.get(key);
    return entry && entry.windowStart === windowStart ? entry.usd : 0;
  }

  add(key: string, windowStart: number, usd: number, windowEnd: number): void {
    const entry = this.entries.get(key);
    if (entry && entry.windowStart === windowStart) {
      entry.usd += usd;
      return;
    }
    if (entry && entry.windowStart > windowStart) return; // a late request of a past window
    this.entries.delete(key);
    if (this.entries.size >= this.maxKeys) this.evict(windowStart);
    this.entries.set(key, { windowStart, windowEnd, usd });
  }

  /** Number of keys held (for tests and monitoring). */
  get size(): number {
    return this.entries.size;
  }

  /**
   * Makes room: entries of past windows go; when none did, the tenth of the keys that spent
   * least (forgetting a key lets it spend what it had spent again, so the keys nearest
   * their limit stay). Sorting a tenth at a time keeps a new key's cost amortised O(log n).
   */
  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.windowEnd <= now) this.entries.delete(key);
    }
    if (this.entries.size < this.maxKeys) return;
    const count = Math.max(1, Math.ceil(this.maxKeys * EVICTED_SHARE));
    const bySpend = [...this.entries].sort((a, b) => a[1].usd - b[1].usd);
    for (let i = 0; i < count && i < bySpend.length; i++) this.entries.delete((bySpend[i] as [string, Entry])[0]);
  }
}
