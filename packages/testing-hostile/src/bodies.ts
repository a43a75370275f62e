// A user function's body under test (returns a hostile value, throws a hostile error, or
// returns an odd promise) and the roles of the objects it hands out, so that two runs of
// one scenario (with and without tracing) can be compared by what the caller got: its own
// value, its own error, or something else.
import fc from 'fast-check';
import { type HostileLimits, DEFAULT_LIMITS, errorSpec, promiseSpec, valueSpec } from './arbitraries.js';
import { type ErrorSpec, type ValueSpec, buildError, buildValue } from './hostile-values.js';
import { type PromiseSpec, buildPromise } from './odd-promises.js';

export type BodySpec = { kind: 'return'; value: ValueSpec } | { kind: 'throw'; error: ErrorSpec } | { kind: 'promise'; promise: PromiseSpec };

export function bodySpec(limits: HostileLimits = DEFAULT_LIMITS): fc.Arbitrary<BodySpec> {
  return fc.oneof(
    valueSpec(limits).map((value) => ({ kind: 'return', value }) as const),
    errorSpec(limits).map((error) => ({ kind: 'throw', error }) as const),
    promiseSpec(limits).map((promise) => ({ kind: 'promise', promise }) as const),
  );
}

/** The body as a function; `roles` learns its objects ('own value', 'own error', 'own promise'). */
export function buildBody(spec: BodySpec, roles: Map<unknown, string>): () => unknown {
  if (spec.kind === 'return') {
    const value = buildValue(spec.value);
    roles.set(value, 'own value');
    return () => value;
  }
  if (spec.kind === 'throw') {
    const error = buildError(spec.error);
    roles.set(error, 'own error');
    return () => {
      throw error;
    };
  }
  const p = buildPromise(spec.promise);
  roles.set(p.value, 'own promise');
  if (p.expected.ok) roles.set(p.expected.value, 'own value');
  else roles.set(p.expected.error, 'own error');
  return () => p.value;
}

/** What `value` is to the caller: its role, else its kind (a short string, a constructor name). */
export function roleOf(value: unknown, roles: Map<unknown, string>): string {
  const role = roles.get(value);
  if (role !== undefined) return role;
  if (typeof value === 'string') return JSON.stringify(value.slice(0, 40));
  if (typeof value !== 'object' || value === null) return typeof value;
  try {
    return `other ${String((value as { constructor?: { name?: unknown } }).constructor?.name)}`;
  } catch {
    return 'other (unreadable)';
  }
}
