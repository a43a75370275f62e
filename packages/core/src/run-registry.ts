// A map of framework run ids to operations, bounded by size and age: a run whose end
// the framework never reports is expired (and its operation ended) instead of leaking.
// Hot path: one set and one delete per run, so age is kept in coarse ticks (no clock
// read per run), the sweeper starts once, and an emptied map is replaced by a fresh one
// (V8 reallocates the table of a long-lived map that keeps emptying in old space).
import { setRootInterval } from './root-timers.js';
import { reportInternal } from './safety.js';

export interface RunRegistryOptions<V> {
  maxSize: number;
  ttlMs: number;
  /** Called for a run evicted by size or age, never for one deleted by its end. */
  onExpire: (value: V, ageMs: number) => void;
}

interface Entry<V> {
  value: V;
  /** The tick the run was registered in. */
  at: number;
}

export class RunRegistry<V> {
  private runs = new Map<string, Entry<V>>();
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Milliseconds per tick: a fraction of the ttl, so expiry is late by at most one tick. */
  private readonly tickMs: number;
  private tick = 0;

  constructor(private readonly options: RunRegistryOptions<V>) {
    this.tickMs = Math.max(5, Math.min(Math.floor(options.ttlMs / 4), 1000));
  }

  get size(): number {
    return this.runs.size;
  }

  get(id: string): V | undefined {
    return this.runs.get(id)?.value;
  }

  has(id: string): boolean {
    return this.runs.has(id);
  }

  set(id: string, value: V): void {
    // Run ids are unique: no delete first (a re-set id keeps its place in the age order).
    this.runs.set(id, { value, at: this.tick });
    if (this.runs.size > this.options.maxSize) this.evictOldest();
    if (!this.timer) this.startSweeper();
  }

  /** Removes and returns a run (its end was reported). */
  delete(id: string): V | undefined {
    const entry = this.runs.get(id);
    if (!entry) return undefined;
    this.runs.delete(id);
    if (this.runs.size === 0) this.runs = new Map();
    return entry.value;
  }

  /** Expires every run older than the ttl (called by the sweeper each tick). */
  sweep(): void {
    const limit = Math.ceil(this.options.ttlMs / this.tickMs);
    for (const [id, entry] of this.runs) {
      const ageTicks = this.tick - entry.at;
      if (ageTicks < limit) break; // insertion order: the rest are younger
      this.runs.delete(id);
      this.expire(entry);
    }
    if (this.runs.size === 0) this.stopSweeper();
  }

  /** Expires every run now (shutdown, tests). */
  clear(): void {
    for (const entry of this.runs.values()) this.expire(entry);
    this.runs = new Map();
    this.stopSweeper();
  }

  private evictOldest(): void {
    const first = this.runs.entries().next();
    if (first.done) return;
    const [id, entry] = first.value;
    this.runs.delete(id);
    this.expire(entry);
  }

  private expire(entry: Entry<V>): void {
    try {
      this.options.onExpire(entry.value, (this.tick - entry.at) * this.tickMs);
    } catch (error) {
      reportInternal('run registry: onExpire', error);
    }
  }

  private startSweeper(): void {
    this.timer = setRootInterval(() => {
      this.tick++;
      this.sweep();
    }, this.tickMs);
  }

  private stopSweeper(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
