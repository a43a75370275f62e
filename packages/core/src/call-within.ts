// One framework call inside an operation: the call runs in the operation's context, its
// value (awaited when a promise) ends the operation, its error fails it and reaches the
// caller unchanged. The caller gets back exactly what the call returned: the same promise
// object (with whatever extra methods it carries), never a copy. No closure per sync call:
// adapters run this on every patched method call.
import { context as otelContext } from '@opentelemetry/api';
import { isNativePromise, observeSettlement } from './observe-promise.js';
import { reportInternal } from './safety.js';
import type { Operation } from './types.js';

type Callable = (this: unknown, ...args: never[]) => unknown;

function endWith<R>(op: Operation<R>, toResult: (value: never) => R | undefined, value: unknown): void {
  let result: R | undefined;
  try {
    result = toResult(value as never);
  } catch (error) {
    reportInternal('operation result', error);
  }
  try {
    op.end(result);
  } catch (error) {
    reportInternal('operation end', error);
  }
}

function failWith(op: Pick<Operation<never>, 'fail'>, error: unknown): void {
  try {
    op.fail(error);
  } catch (fault) {
    reportInternal('operation fail', fault);
  }
}

/**
 * Calls `fn` with `self` and `args` inside `op`'s context; ends `op` with what `toResult`
 * makes of the value, or fails it with the error, rethrown as is. The value is returned as
 * is. A native promise (subclasses too) ends `op` when it settles, observed through the
 * intrinsic `then`; any other thenable is not awaited, nor its `then` read (it may start work
 * the caller never asked for): `op` ends when `fn` returns it, as with any other value.
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
    failWith(op, error);
    throw error;
  }
  if (
    isNativePromise(value) &&
    observeSettlement(
      value,
      (resolved) => endWith(op, toResult, resolved),
      (error) => failWith(op, error),
    )
  ) {
    return value;
  }
  endWith(op, toResult, value);
  return value;
}
