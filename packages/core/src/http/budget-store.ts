// Where spend per key and window is kept. The in-memory default serves one process; an
// implementation over a shared store (Redis…) lets several instances share one budget.

export interface BudgetStore {
  /** USD spent by `key` in the window starting at `windowStart` (ms since epoch). */
  spent(key: string, windowStart: number): number | Promise<number>;
  /** Adds `usd` to that window; `windowEnd` tells when the entry may be dropped. */
  add(key: string, windowStart: number, usd: number, windowEnd: number): void | Promise<void>;
}

export interface InMemoryBudgetStoreOptions {
  /** Most keys kept; when full, entries of past windows go first, then the oldest. Default 10000. */
  maxKeys?: number;
}

interface Entry {
  windowStart: number;
  windowEnd: number;
  usd: number;
}

export class InMemoryBudgetStore implements BudgetStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxKeys: number;

  constructor(options: InMemoryBudgetStoreOptions = {}) {
    this.maxKeys = Math.max(1, Math.floor(options.maxKeys ?? 10_000));
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

  private evict(now: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.windowEnd <= now) this.entries.delete(key);
    }
    // Still full: drop the least recently inserted key (Map keeps insertion order).
    while (this.entries.size >= this.maxKeys) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
