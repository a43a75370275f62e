// Watching a promise settle without changing what the caller holds: the caller keeps its
// own promise object; we attach reactions through the intrinsic `then`, so a subclass's or
// an instance's own `then` (which may be lazy, or throw) is never called by us.
import { reportInternal } from './safety.js';

const intrinsicThen = Promise.prototype.then;

/** Whether value is a native promise (a subclass's too). Runs no getter of value's. */
export function isNativePromise(value: unknown): value is Promise<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  try {
    return value instanceof Promise;
  } catch {
    return false; // a revoked Proxy
  }
}

/**
 * Calls onValue or onError when the native promise settles. False when it cannot be watched
 * (a Proxy around a promise, a subclass whose constructor refuses the intrinsic then): the
 * caller then ends its operation another way. The reactions must not throw.
 */
export function observeSettlement<T>(promise: Promise<T>, onValue: (value: T) => void, onError: (error: unknown) => void): boolean {
  try {
    intrinsicThen.call(promise, onValue, onError);
    return true;
  } catch (error) {
    reportInternal('observe promise', error);
    return false;
  }
}
