// Runs a decorated method inside an operation and ends the operation with the method's
// outcome: its return, its promise (settled the core's way, `callWithin`), or — for an
// Observable — its completion, error or unsubscription (a cancellation). A throw fails the
// operation and reaches the caller unchanged, whatever the error's getters do.
import { type Operation, callWithin, reportInternal } from '@agentspan/core';
import { Observable, type Observer, type Subscription, isObservable } from 'rxjs';
import { SafeEnds } from './safe-ends.js';

type ToResult<R> = (value: unknown) => R | undefined;

/** Items of an Observable kept for its result (a tool's output, a count of documents). */
const MAX_ITEMS = 10_000;

function passThrough(value: unknown): unknown {
  return value;
}

function isObservableValue(value: unknown): value is Observable<unknown> {
  try {
    return isObservable(value);
  } catch {
    return false; // a revoked Proxy, a throwing getter: not one
  }
}

export function runOperation<R>(started: Operation<R>, call: () => unknown, toResult: ToResult<R>): unknown {
  const op = new SafeEnds(started);
  let entered = false;
  let value: unknown;
  try {
    value = op.run(() => {
      entered = true;
      return call();
    });
  } catch (error) {
    if (!entered) {
      // Our context could not be entered: the method runs untraced.
      reportInternal('nestjs: enter the operation', error);
      op.end(undefined);
      return call();
    }
    op.fail(error);
    throw error;
  }
  if (isObservableValue(value)) return observe(op, value, toResult);
  try {
    return callWithin(op, passThrough, undefined, [value], toResult);
  } catch (error) {
    // The value could not be read as a promise (a revoked Proxy, a `then` that throws): the
    // caller gets it unchanged, and the same throw when it tries to await it.
    op.fail(error);
    return value;
  }
}

function subscribeIn(op: Pick<Operation<never>, 'run'>, source: Observable<unknown>, observer: Observer<unknown>): Subscription {
  return op.run(() => source.subscribe(observer));
}

function observe<R>(op: SafeEnds<R>, source: Observable<unknown>, toResult: ToResult<R>): Observable<unknown> {
  return new Observable<unknown>((subscriber) => {
    const items: unknown[] = [];
    let subscription: Subscription;
    try {
      subscription = subscribeIn(op, source, {
        next: (item) => {
          if (items.length < MAX_ITEMS) items.push(item);
          subscriber.next(item);
        },
        error: (error: unknown) => {
          op.fail(error);
          subscriber.error(error);
        },
        complete: () => {
          op.endWith(toResult, items);
          subscriber.complete();
        },
      });
    } catch (error) {
      // A source whose subscribe throws (RxJS would hand the error to the subscriber alone).
      op.fail(error);
      subscriber.error(error);
      return;
    }
    return () => {
      subscription.unsubscribe();
      op.cancel(); // a no-op once the stream completed or failed
    };
  });
}
