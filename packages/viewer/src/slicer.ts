// Cooperative time slicing: long work (decoding or storing a big payload) gives the event loop
// back every few milliseconds, so other requests are answered while it runs.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long one slice of work may hold the event loop. */
export const SLICE_MS = 8;

export class Slicer {
  private deadline: number;
  private calls = 0;
  /** Slices given back so far by this slicer, and by all (tests read them). */
  yields = 0;
  static pauses = 0;

  constructor(private readonly sliceMs: number = SLICE_MS) {
    this.deadline = performance.now() + sliceMs;
  }

  /** True when the current slice is spent; reads the clock every 16 calls. */
  due(): boolean {
    if ((++this.calls & 15) !== 0) return false;
    return performance.now() >= this.deadline;
  }

  /** True when the current slice is spent, reading the clock now (after a large unit of work). */
  spent(): boolean {
    return performance.now() >= this.deadline;
  }

  /** Lets queued I/O and timers run, then starts a new slice. */
  async pause(): Promise<void> {
    this.yields += 1;
    Slicer.pauses += 1;
    await nextTurn();
    this.deadline = performance.now() + this.sliceMs;
  }

  /** `if (due) await pause()` in one call, for loops that are async anyway. */
  async check(): Promise<void> {
    if (this.due()) await this.pause();
  }
}
