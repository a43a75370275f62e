// Odd promise types a user function may return: native promises, subclasses, promises with
// extra methods, native promises with a throwing own `then`, Proxies around promises, and
// thenables that are no promise at all (lazy ones whose `then` starts work, ones whose
// `then` or its getter throws). Each build reports what the caller should get back.
import { type ErrorSpec, type ValueSpec, buildError, buildValue } from './hostile-values.js';

export type SettleSpec = { resolve: ValueSpec } | { reject: ErrorSpec };
export type Timing = 'now' | 'microtask' | 'macrotask';

export type PromiseSpec =
  | { kind: 'native'; settle: SettleSpec; timing: Timing }
  | { kind: 'subclass'; settle: SettleSpec; timing: Timing }
  | { kind: 'extra-props'; settle: SettleSpec; timing: Timing }
  | { kind: 'own-then-throws'; settle: SettleSpec }
  | { kind: 'proxy-promise'; settle: SettleSpec }
  | { kind: 'lazy-thenable'; settle: SettleSpec }
  | { kind: 'then-throws' }
  | { kind: 'then-getter-throws' };

export interface BuiltPromise {
  /** The object the user's function returns. */
  readonly value: unknown;
  /** What awaiting it gives: the same value or error object. */
  readonly expected: { ok: true; value: unknown } | { ok: false; error: unknown };
  /** Whether anything called the object's own `then` (a lazy thenable starts its work then). */
  readonly thenCalls: () => number;
  /** Whether the object is a native promise (agentspan watches those; others end at return). */
  readonly native: boolean;
}

const noop = () => {};

export class HostilePromise<T> extends Promise<T> {}

function settleLater<T>(settle: SettleSpec, timing: Timing, resolved: unknown, rejected: unknown, make: (executor: (ok: (v: T) => void, no: (e: unknown) => void) => void) => Promise<T>): Promise<T> {
  return make((ok, no) => {
    const run = () => ('resolve' in settle ? ok(resolved as T) : no(rejected));
    if (timing === 'now') run();
    else if (timing === 'microtask') queueMicrotask(run);
    else setTimeout(run, 0);
  });
}

export function buildPromise(spec: PromiseSpec): BuiltPromise {
  let calls = 0;
  const thenCalls = () => calls;
  if (spec.kind === 'then-throws' || spec.kind === 'then-getter-throws') {
    const error = new Error(`${spec.kind}: the thenable's own fault`);
    const value =
      spec.kind === 'then-throws'
        ? {
            // biome-ignore lint/suspicious/noThenProperty: a hostile thenable is the point
            then() {
              calls++;
              throw error;
            },
          }
        : Object.defineProperty({}, 'then', {
            get() {
              calls++;
              throw error;
            },
          });
    // Awaiting it rejects with the thenable's own error.
    return { value, expected: { ok: false, error }, thenCalls, native: false };
  }
  const settle = spec.settle;
  const resolved = 'resolve' in settle ? buildValue(settle.resolve) : undefined;
  const rejected = 'reject' in settle ? buildError(settle.reject) : undefined;
  const expected = 'resolve' in settle ? ({ ok: true, value: resolved } as const) : ({ ok: false, error: rejected } as const);
  // Awaiting a value that is itself a thenable would adopt it: keep resolved values plain.
  switch (spec.kind) {
    case 'native': {
      const p = settleLater(settle, spec.timing, resolved, rejected, (ex) => new Promise(ex));
      p.catch(noop);
      return { value: p, expected, thenCalls, native: true };
    }
    case 'subclass': {
      const p = settleLater(settle, spec.timing, resolved, rejected, (ex) => new HostilePromise(ex));
      p.catch(noop);
      return { value: p, expected, thenCalls, native: true };
    }
    case 'extra-props': {
      const p = settleLater(settle, spec.timing, resolved, rejected, (ex) => new Promise(ex));
      p.catch(noop);
      return { value: Object.assign(p, { cancel: () => 'cancelled', requestId: 'req-1' }), expected, thenCalls, native: true };
    }
    case 'own-then-throws': {
      const p = settleLater(settle, 'now', resolved, rejected, (ex) => new Promise(ex));
      p.catch(noop);
      // `await` on a native promise never reads its `then`; a direct p.then(...) throws.
      Object.defineProperty(p, 'then', {
        value() {
          calls++;
          throw new Error('own then of a native promise');
        },
      });
      return { value: p, expected, thenCalls, native: true };
    }
    case 'proxy-promise': {
      const p = settleLater(settle, 'now', resolved, rejected, (ex) => new Promise(ex));
      p.catch(noop);
      const proxy = new Proxy(p, {
        get(target, key) {
          const v = Reflect.get(target, key, target);
          if (key === 'then') calls++;
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
      return { value: proxy, expected, thenCalls, native: false };
    }
    case 'lazy-thenable': {
      const value = {
        // biome-ignore lint/suspicious/noThenProperty: a lazy thenable (a query builder) is the point
        then(ok: (v: unknown) => unknown, no: (e: unknown) => unknown) {
          calls++;
          // The work starts now, as with a query builder.
          return 'resolve' in settle ? Promise.resolve().then(() => ok(resolved)) : Promise.resolve().then(() => no(rejected));
        },
      };
      return { value, expected, thenCalls, native: false };
    }
  }
}
