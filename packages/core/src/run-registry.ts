// A map of framework run ids to operations, bounded by size and age: a run whose end
// the framework never reports is expired (and its operation ended) instead of leaking.
import { now } from './clock.js';
import { reportInternal } from './safety.js';

export interface RunRegistryOptions<V> {
  maxSize: number;
  ttlMs: number;
  /** Called for a run evicted by size or age, never for one deleted by its end. */
  onExpire: (value: V, ageMs: number) => void;
}

interface Entry<V> {
  value: V;
  at: number;
}

export class RunRegistry<V> {
  private readonly runs = new Map<string, Entry<V>>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly options: RunRegistryOptions<V>) {}

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
    const t = now();
    this.runs.set(id, { value, at: t });
    if (this.runs.size > this.options.maxSize) this.evictOldest(t);
    if (!this.timer) this.ensureSweeper();
  }

  /** Removes and returns a run (its end was reported). */
  delete(id: string): V | undefined {
    const entry = this.runs.get(id);
    if (!entry) return undefined;
    this.runs.delete(id);
    if (this.runs.size === 0) this.stopSweeper();
    return entry.value;
  }

  /** Expires every run older than the ttl. */
  sweep(at = now()): void {
    for (const [id, entry] of this.runs) {
      if (at - entry.at < this.options.ttlMs) break; // insertion order: the rest are younger
      this.runs.delete(id);
      this.expire(entry, at);
    }
    if (this.runs.size === 0) this.stopSweeper();
  }

  /** Expires every run now (shutdown, tests). */
  clear(): void {
    const at = now();
    for (const entry of this.runs.values()) this.expire(entry, at);
    this.runs.clear();
    this.stopSweeper();
  }

  private evictOldest(at: number): void {
    const first = this.runs.entries().next();
    if (first.done) return;
    const [id, entry] = first.value;
    this.runs.delete(id);
    this.expire(entry, at);
  }

  private expire(entry: Entry<V>, at: number): void {
    try {
      this.options.onExpire(entry.value, at - entry.at);
    } catch (error) {
      reportInternal('run registry: onExpire', error);
    }
  }

  private ensureSweeper(): void {
    if (this.timer) return;
    const every = Math.max(10, Math.min(this.options.ttlMs / 4, 60_000));
    this.timer = setInterval(() => this.sweep(), every);
    this.timer.unref?.();
  }

  private stopSweeper(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
