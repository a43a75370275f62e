// One framework call inside an operation: the call runs in the operation's context, its
// value (awaited when a promise) ends the operation, its error fails it and reaches the
// caller unchanged. No closure per call: adapters run this on every patched method call.
import { context as otelContext } from '@opentelemetry/api';
import type { Operation } from './types.js';
import { isPromiseLike, reportInternal } from './safety.js';

type Callable = (this: unknown, ...args: never[]) => unknown;

function endWith<R>(op: Operation<R>, toResult: (value: never) => R | undefined, value: unknown): void {
  let result: R | undefined;
  try {
    result = toResult(value as never);
  } catch (error) {
    reportInternal('operation result', error);
  }
  op.end(result);
}

/**
 * Calls `fn` with `self` and `args` inside `op`'s context; ends `op` with what `toResult`
 * makes of the value (awaited when a promise), or fails it with the error, rethrown as is.
 */
export function callWithin<R, T>(
  op: Operation<R>,
  fn: (this: unknown, ...args: never[]) => T,
  self: unknown,
  args: readonly unknown[],
  toResult: (value: Awaited<T>) => R | undefined,
): T {
  let value: T;
  try {
    value = otelContext.with(op.context, fn as Callable, self, ...(args as never[])) as T;
  } catch (error) {
    op.fail(error);
    throw error;
  }
  if (!isPromiseLike(value)) {
    endWith(op, toResult, value);
    return value;
  }
  return (value as PromiseLike<Awaited<T>>).then(
    (resolved) => {
      endWith(op, toResult, resolved);
      return resolved;
    },
    (error: unknown) => {
      op.fail(error);
      throw error;
    },
  ) as T;
}
