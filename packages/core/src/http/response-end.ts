// Calls `done` when a response finished, or when its connection closed first (abort, a
// client leaving a stream) — before instrumentation-http's own 'close' listener ends its
// span. Registered through EventEmitter.prototype: instrumentation-http binds the
// response's listener methods to its context, a wrapper `done` does not need.
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => void;
const on = EventEmitter.prototype.on as (this: EventEmitter, event: string, listener: Listener) => EventEmitter;
const prepend = EventEmitter.prototype.prependListener as (
  this: EventEmitter,
  event: string,
  listener: Listener,
) => EventEmitter;

/** `done` must be idempotent: it may be called for 'finish' and again for 'close'. */
export function onResponseEnd(response: EventEmitter, done: () => void): void {
  on.call(response, 'finish', done);
  prepend.call(response, 'close', done);
}

/** An early 'close' listener (before instrumentation-http's), unbound; returns its removal. */
export function onResponseCloseFirst(response: EventEmitter, listener: () => void): () => void {
  prepend.call(response, 'close', listener);
  return () => {
    EventEmitter.prototype.removeListener.call(response, 'close', listener);
  };
}
