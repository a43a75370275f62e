// An AbortSignal for "the client went away". It fires on the response's `close` before
// the response finished, and before instrumentation-http's own `close` listener ends the
// server span, so that a turn cancelled by it still rolls up into that span.
import type { ServerResponse } from 'node:http';
import { onResponseCloseFirst } from '@agentspan/core';

const signals = new WeakMap<ServerResponse, AbortSignal>();

/** Aborted when the connection closes before the response is complete (abort, SSE client leaving). */
export function requestAbortSignal(res: ServerResponse): AbortSignal {
  let signal = signals.get(res);
  if (signal) return signal;
  const controller = new AbortController();
  signal = controller.signal;
  signals.set(res, signal);
  if (res.writableFinished) return signal;
  const onClose = () => {
    if (!res.writableFinished) {
      const reason = new Error('The client closed the connection');
      reason.name = 'AbortError';
      controller.abort(reason);
    }
  };
  onResponseCloseFirst(res, onClose);
  return signal;
}
