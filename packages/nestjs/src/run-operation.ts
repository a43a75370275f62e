// Runs a decorated method inside an operation and ends the operation with the method's
// outcome: its return, its promise, or — for an Observable — its completion, error or
// unsubscription (a cancellation). A throw fails the operation and reaches the caller unchanged.
import type { Operation } from '@agentspan/core';
import { Observable, isObservable } from 'rxjs';

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export function runOperation<R>(op: Operation<R>, call: () => unknown, toResult: (value: unknown) => R | undefined): unknown {
  const finish = (value: unknown) => {
    let result: R | undefined;
    try {
      result = toResult(value);
    } catch {
      result = undefined;
    }
    op.end(result);
  };
  let value: unknown;
  try {
    value = op.run(call);
  } catch (error) {
    op.fail(error);
    throw error;
  }
  if (isObservable(value)) {
    const source = value;
    const items: unknown[] = [];
    return new Observable<unknown>((subscriber) => {
      const subscription = op.run(() =>
        source.subscribe({
          next: (item) => {
            if (items.length < 10_000) items.push(item);
            subscriber.next(item);
          },
          error: (error: unknown) => {
            op.fail(error);
            subscriber.error(error);
          },
          complete: () => {
            finish(items);
            subscriber.complete();
          },
        }),
      );
      return () => {
        subscription.unsubscribe();
        op.cancel(); // a no-op once the stream completed or failed
      };
    });
  }
  if (isPromiseLike(value)) {
    return Promise.resolve(value).then(
      (v) => {
        finish(v);
        return v;
      },
      (error: unknown) => {
        op.fail(error);
        throw error;
      },
    );
  }
  finish(value);
  return value;
}
