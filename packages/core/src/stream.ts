// Wraps a stream so that its operations end when it is consumed: completed → the
// caller's onComplete; return() or a throw → cancelled / failed; not read for the idle
// time → abandoned: the owners and every open operation above them end as cancelled. The
// idle clock starts when the stream is wrapped, so a stream nobody ever reads is abandoned too.
import { now } from './clock.js';
import { StreamAbandonedError, abortError } from './errors.js';
import { abandon } from './operation.js';
import { setRootInterval } from './root-timers.js';
import { ChatOp } from './operations/chat.js';
import { isNativePromise } from './observe-promise.js';
import { reportInternal, safely } from './safety.js';
import type { Operation } from './types.js';

type Owner = Pick<Operation<never>, 'fail' | 'cancel' | 'ended'> & Partial<Pick<Operation<never>, 'end'>>;

export interface TraceStreamOptions<T> {
  /** Operations that end with the stream (innermost first is fine: each ends once). */
  owners: readonly Owner[];
  /** Per chunk (e.g. chat.recordChunk(), collecting usage from the final chunk). */
  onChunk?: (chunk: T) => void;
  /** The stream completed: end the owners with what was collected. */
  onComplete: () => void;
  /** Idle time before the stream counts as abandoned. */
  idleTimeoutMs: number;
}

/**
 * One wrapped stream's life: settled once, watched while nobody is reading. Also its
 * iterator (one per stream; the class's methods are shared, not closures made per stream).
 */
class StreamWatch<T> implements AsyncIterator<T> {
  settled = false;
  reading = false;
  lastRead = now();
  // Links in the list of watched streams (intrusive: no Set, no hashing per stream).
  prevWatch: StreamWatch<unknown> | undefined = undefined;
  nextWatch: StreamWatch<unknown> | undefined = undefined;
  private it: AsyncIterator<T> | undefined = undefined;
  // Bound once per stream: the same two reactions serve every next().
  private readonly onResult = (result: IteratorResult<T>): IteratorResult<T> => {
    if (result.done) this.settle('complete');
    else this.chunk(result.value);
    return result;
  };
  private readonly onError = (error: unknown): never => {
    this.settle('fail', error);
    throw error;
  };

  constructor(
    private readonly source: AsyncIterable<T>,
    private readonly options: Omit<TraceStreamOptions<T>, 'idleTimeoutMs'>,
    readonly idleMs: number,
  ) {
    for (const owner of options.owners) if (owner instanceof ChatOp) owner.watchedElsewhere();
    watch(this as StreamWatch<unknown>);
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    this.it = this.open();
    return this;
  }

  // Not async: one promise per chunk, the source's own reaction. A source that throws
  // (opening it, or in next() itself) settles the stream as failed; its error reaches the
  // consumer as it would have without us.
  next(): Promise<IteratorResult<T>> {
    this.reading = true;
    let pending: Promise<IteratorResult<T>>;
    try {
      this.it ??= this.open();
      pending = this.it.next();
    } catch (error) {
      this.settle('fail', error);
      throw error;
    }
    // A source whose next() returns no promise (a broken iterator) is still awaited as for-await would.
    if (!isNativePromise(pending)) pending = Promise.resolve(pending);
    return pending.then(this.onResult, this.onError);
  }

  async return(value?: unknown): Promise<IteratorResult<T>> {
    this.settle('cancel', abortError('The stream was cancelled by its consumer'));
    const it = this.it;
    if (it?.return) return it.return(value);
    return { done: true, value: value as T };
  }

  async throw(error?: unknown): Promise<IteratorResult<T>> {
    this.settle('fail', error);
    const it = this.it;
    if (it?.throw) return it.throw(error);
    throw error;
  }

  private open(): AsyncIterator<T> {
    try {
      return this.source[Symbol.asyncIterator]();
    } catch (error) {
      this.settle('fail', error);
      throw error;
    }
  }

  private chunk(value: T): void {
    this.reading = false;
    this.lastRead = now();
    if (!this.options.onChunk) return;
    try {
      this.options.onChunk(value);
    } catch (error) {
      reportInternal('stream: onChunk', error);
    }
  }

  // Each owner on its own: one that throws must not leave the others open.
  private settle(how: 'complete' | 'fail' | 'cancel', reason?: unknown): void {
    this.reading = false;
    if (this.settled) return;
    this.settled = true;
    unwatch(this as StreamWatch<unknown>);
    if (how === 'complete') {
      try {
        this.options.onComplete();
      } catch (error) {
        reportInternal('stream: complete', error);
        // The stream did complete: owners onComplete left open end without a result.
        for (const o of this.options.owners) safely('stream: complete', () => o.ended || o.end?.());
      }
      return;
    }
    for (const o of this.options.owners) {
      try {
        how === 'fail' ? o.fail(reason) : o.cancel(reason);
      } catch (error) {
        reportInternal('stream: settle', error);
      }
    }
  }

  /** Called by the watchdog: abandoned when nobody has asked for a chunk for the idle time. */
  check(at: number): void {
    if (this.settled || this.reading || at - this.lastRead < this.idleMs) return;
    this.settled = true;
    unwatch(this as StreamWatch<unknown>);
    const error = new StreamAbandonedError(this.idleMs);
    for (const o of this.options.owners) safely('stream: abandon', () => abandon(o, error));
  }
}

// One watchdog for every open stream, instead of a timer per stream (setting and clearing
// a timer costs more than the rest of the watch): it ticks at a quarter of the shortest
// idle time among the watched streams, so a stream is abandoned at most a quarter late.
let first: StreamWatch<unknown> | undefined;
let last: StreamWatch<unknown> | undefined;
let ticker: ReturnType<typeof setInterval> | undefined;
let tickMs = Number.POSITIVE_INFINITY;

function watch(w: StreamWatch<unknown>): void {
  w.prevWatch = last;
  if (last) last.nextWatch = w;
  else first = w;
  last = w;
  const ms = Math.max(1, Math.floor(w.idleMs / 4));
  if (ticker && ms >= tickMs) return;
  if (ticker) clearInterval(ticker);
  tickMs = ms;
  ticker = setRootInterval(tick, ms);
}

function unwatch(w: StreamWatch<unknown>): void {
  const { prevWatch: prev, nextWatch: next } = w;
  if (prev) prev.nextWatch = next;
  else if (first === w) first = next;
  else return; // not in the list
  if (next) next.prevWatch = prev;
  else last = prev;
  w.prevWatch = undefined;
  w.nextWatch = undefined;
}

function tick(): void {
  if (!first) {
    clearInterval(ticker);
    ticker = undefined;
    tickMs = Number.POSITIVE_INFINITY;
    return;
  }
  const at = now();
  for (let w: StreamWatch<unknown> | undefined = first; w; ) {
    const next: StreamWatch<unknown> | undefined = w.nextWatch;
    try {
      w.check(at);
    } catch (error) {
      reportInternal('stream: watchdog', error);
    }
    w = next;
  }
}

export function traceStream<T>(
  source: AsyncIterable<T>,
  options: Omit<TraceStreamOptions<T>, 'idleTimeoutMs'>,
  idleTimeoutMs: number,
): AsyncIterable<T> {
  return new StreamWatch(source, options, idleTimeoutMs);
}
