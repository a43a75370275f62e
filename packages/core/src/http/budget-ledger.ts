// What one process knows of a budget beyond its store: the reservations of requests in
// flight and the costs the store has not confirmed yet (per key, only while something of
// the key is open), the keys that reached the limit (kept until their window ends,
// whatever the store forgets), and the real cost of recent requests (the default estimate).

/** One key's open business in this process. */
export interface KeyLedger {
  /** USD reserved by admitted requests that have not ended. */
  reserved: number;
  /** Costs handed to the store's add() that it has not confirmed yet. */
  unconfirmed: number;
  /** Costs the store confirmed while this entry lived: a check waiting on the store counts those confirmed meanwhile. */
  confirmed: number;
  /** Admitted requests, checks and add() calls still open; the entry goes when none is. */
  holds: number;
}

interface Limited {
  until: number;
  spentUsd: number;
}

/** Most keys remembered as over the limit: each spent at least the limit in the current window. */
export const MAX_LIMITED_KEYS = 100_000;
/** Costs the default estimate averages. */
const RECENT_COSTS = 64;

export class BudgetLedger {
  private readonly keys = new Map<string, KeyLedger>();
  private readonly limited = new Map<string, Limited>();
  private readonly recent: number[] = [];
  private recentNext = 0;
  private recentSum = 0;

  /** The key's entry, made when absent, with one more hold. */
  hold(key: string): KeyLedger {
    let entry = this.keys.get(key);
    if (!entry) {
      entry = { reserved: 0, unconfirmed: 0, confirmed: 0, holds: 0 };
      this.keys.set(key, entry);
    }
    entry.holds += 1;
    return entry;
  }

  /** One hold less; the entry goes with its last (sums start from zero again: no drift). */
  release(key: string, entry: KeyLedger): void {
    entry.holds -= 1;
    if (entry.holds <= 0 && this.keys.get(key) === entry) this.keys.delete(key);
  }

  /** The key's spend when it reached the limit of a window not yet over. */
  limitedSpend(key: string, nowMs: number): Limited | undefined {
    const limited = this.limited.get(key);
    if (limited === undefined) return undefined;
    if (limited.until > nowMs) return limited;
    this.limited.delete(key);
    return undefined;
  }

  /** Remembers that the key reached the limit until `until` (its window's end). */
  markLimited(key: string, until: number, spentUsd: number, nowMs: number): void {
    const known = this.limited.get(key);
    if (known !== undefined && known.until >= until) {
      known.spentUsd = Math.max(known.spentUsd, spentUsd);
      return;
    }
    if (known === undefined && this.limited.size >= MAX_LIMITED_KEYS) {
      for (const [k, l] of this.limited) if (l.until <= nowMs) this.limited.delete(k);
      // Still full (that many keys spent the limit this window): the store's record decides for this one.
      if (this.limited.size >= MAX_LIMITED_KEYS) return;
    }
    this.limited.set(key, { until, spentUsd });
  }

  /** A finished request's real cost (> 0), for the default estimate. */
  learn(usd: number): void {
    if (this.recent.length < RECENT_COSTS) this.recent.push(usd);
    else {
      this.recentSum -= this.recent[this.recentNext] as number;
      this.recent[this.recentNext] = usd;
    }
    this.recentSum += usd;
    this.recentNext = (this.recentNext + 1) % RECENT_COSTS;
    // Summed afresh once a round: additions and subtractions of floats drift.
    if (this.recentNext === 0) this.recentSum = this.recent.reduce((a, b) => a + b, 0);
  }

  /** The mean of the recent real costs; undefined before the first. */
  get meanCost(): number | undefined {
    const n = this.recent.length;
    return n === 0 ? undefined : Math.max(0, this.recentSum / n);
  }

  /** Keys with something open, and keys remembered as over the limit. */
  get size(): { open: number; limited: number } {
    return { open: this.keys.size, limited: this.limited.size };
  }
}
