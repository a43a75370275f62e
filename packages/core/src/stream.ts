// Wraps a stream so that its operations end when it is consumed: completed → the
// caller's onComplete; return() or a throw → cancelled / failed; not read for the idle
// time → cancelled as abandoned.
import { now } from './clock.js';
import { StreamAbandonedError, abortError } from './errors.js';
import { reportInternal } from './safety.js';
import type { Operation } from './types.js';

type Owner = Pick<Operation<never>, 'fail' | 'cancel' | 'ended'>;

export interface TraceStreamOptions<T> {
  /** Operations that end with the stream (innermost first is fine: each ends once). */
  owners: readonly Owner[];
  /** Per chunk (e.g. chat.recordChunk(), collecting usage from the final chunk). */
  onChunk?: (chunk: T) => void;
  /** The stream completed: end the owners with what was collected. */
  onComplete: () => void;
  /** Idle time before the stream counts as abandoned (default: the instance's setting). */
  idleTimeoutMs: number;
}

export function traceStream<T>(source: AsyncIterable<T>, options: TraceStreamOptions<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      const it = source[Symbol.asyncIterator]();
      let settled = false;
      let reading = false;
      let lastRead = now();
      let timer: ReturnType<typeof setTimeout> | undefined;

      const settle = (how: 'complete' | 'fail' | 'cancel', reason?: unknown) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        try {
          if (how === 'complete') options.onComplete();
          else for (const o of options.owners) how === 'fail' ? o.fail(reason) : o.cancel(reason);
        } catch (error) {
          reportInternal('stream: settle', error);
        }
      };
      const check = () => {
        timer = undefined;
        if (settled || reading) return;
        const quiet = now() - lastRead;
        if (quiet >= options.idleTimeoutMs) settle('cancel', new StreamAbandonedError(options.idleTimeoutMs));
        else arm(options.idleTimeoutMs - quiet);
      };
      const arm = (ms: number) => {
        timer = setTimeout(check, ms);
        timer.unref?.();
      };

      return {
        async next(): Promise<IteratorResult<T>> {
          reading = true;
          let result: IteratorResult<T>;
          try {
            result = await it.next();
          } catch (error) {
            reading = false;
            settle('fail', error);
            throw error;
          }
          reading = false;
          lastRead = now();
          if (result.done) settle('complete');
          else {
            if (options.onChunk) {
              try {
                options.onChunk(result.value);
              } catch (error) {
                reportInternal('stream: onChunk', error);
              }
            }
            if (!settled && !timer) arm(options.idleTimeoutMs);
          }
          return result;
        },
        async return(value?: unknown): Promise<IteratorResult<T>> {
          settle('cancel', abortError('The stream was cancelled by its consumer'));
          if (it.return) return it.return(value);
          return { done: true, value: value as T };
        },
        async throw(error?: unknown): Promise<IteratorResult<T>> {
          settle('fail', error);
          if (it.throw) return it.throw(error);
          throw error;
        },
      };
    },
  };
}
