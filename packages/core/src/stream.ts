// Wraps a stream so that its operations end when it is consumed: completed → the
// caller's onComplete; return() or a throw → cancelled / failed; not read for the idle
// time → abandoned: the owners and every open operation above them end as cancelled. The idle clock starts when the stream is wrapped, so a
// stream nobody ever reads is abandoned too.
import { now } from './clock.js';
import { StreamAbandonedError, abortError } from './errors.js';
import { abandon } from './operation.js';
import { ChatOp } from './operations/chat.js';
import { reportInternal, safely } from './safety.js';
import type { Operation } from './types.js';

type Owner = Pick<Operation<never>, 'fail' | 'cancel' | 'ended'>;

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

/** One wrapped stream's life: settled once, watched while nobody is reading. */
class StreamWatch<T> {
  private settled = false;
  private reading = false;
  private lastRead = now();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: TraceStreamOptions<T>) {
    for (const owner of options.owners) if (owner instanceof ChatOp) owner.watchedElsewhere();
    this.arm(options.idleTimeoutMs);
  }

  startRead(): void {
    this.reading = true;
  }

  chunk(value: T): void {
    this.reading = false;
    this.lastRead = now();
    if (!this.options.onChunk) return;
    try {
      this.options.onChunk(value);
    } catch (error) {
      reportInternal('stream: onChunk', error);
    }
  }

  settle(how: 'complete' | 'fail' | 'cancel', reason?: unknown): void {
    this.reading = false;
    if (this.settled) return;
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    try {
      if (how === 'complete') this.options.onComplete();
      else for (const o of this.options.owners) how === 'fail' ? o.fail(reason) : o.cancel(reason);
    } catch (error) {
      reportInternal('stream: settle', error);
    }
  }

  private abandon(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reading = false;
    for (const o of this.options.owners) safely('stream: abandon', () => abandon(o, error));
  }

  // One timer, re-armed for the remainder instead of reset on every read.
  private arm(ms: number): void {
    this.timer = setTimeout(() => this.check(), ms);
    this.timer.unref?.();
  }

  private check(): void {
    this.timer = undefined;
    if (this.settled) return;
    const idle = this.options.idleTimeoutMs;
    const quiet = now() - this.lastRead;
    if (!this.reading && quiet >= idle) this.abandon(new StreamAbandonedError(idle));
    else this.arm(this.reading ? idle : idle - quiet);
  }
}

export function traceStream<T>(source: AsyncIterable<T>, options: TraceStreamOptions<T>): AsyncIterable<T> {
  const watch = new StreamWatch(options);
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const it = source[Symbol.asyncIterator]();
      return {
        // Not async: one promise per chunk, the source's own.
        next(): Promise<IteratorResult<T>> {
          watch.startRead();
          return it.next().then(
            (result) => {
              if (result.done) watch.settle('complete');
              else watch.chunk(result.value);
              return result;
            },
            (error: unknown) => {
              watch.settle('fail', error);
              throw error;
            },
          );
        },
        async return(value?: unknown): Promise<IteratorResult<T>> {
          watch.settle('cancel', abortError('The stream was cancelled by its consumer'));
          if (it.return) return it.return(value);
          return { done: true, value: value as T };
        },
        async throw(error?: unknown): Promise<IteratorResult<T>> {
          watch.settle('fail', error);
          if (it.throw) return it.throw(error);
          throw error;
        },
      };
    },
  };
}
