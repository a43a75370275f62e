// Calls `done` when a response is over: on its 'close', which a Node ServerResponse emits
// on every response, after 'finish' when it was sent and alone when the connection closed
// first (abort, a client leaving a stream). One listener, put before instrumentation-http's
// own 'close' listener (which ends its span), so that the span is still open for `done`.
// Registered through EventEmitter.prototype: instrumentation-http binds the response's
// listener methods to its context, a wrapper `done` does not need.
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => void;
const prepend = EventEmitter.prototype.prependListener as (
  this: EventEmitter,
  event: string,
  listener: Listener,
) => EventEmitter;

/** `done` is called once per 'close' (a response emits it once). */
export function onResponseEnd(response: EventEmitter, done: () => void): void {
  prepend.call(response, 'close', done);
}

/** An early 'close' listener (before instrumentation-http's), unbound; returns its removal. */
export function onResponseCloseFirst(response: EventEmitter, listener: () => void): () => void {
  prepend.call(response, 'close', listener);
  return () => {
    EventEmitter.prototype.removeListener.call(response, 'close', listener);
  };
}
