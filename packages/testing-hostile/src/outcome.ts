// What a call gave its caller, compared by identity (Object.is): the same value or error
// object, never a copy. The messages never print the values (a revoked Proxy cannot be).
export type Outcome = { readonly threw: false; readonly value: unknown } | { readonly threw: true; readonly error: unknown };

export function callOutcome(fn: () => unknown): Outcome {
  try {
    return { threw: false, value: fn() };
  } catch (error) {
    return { threw: true, error };
  }
}

/** Awaits a value the way a caller does (`await`), capturing the result or the rejection. */
export async function awaitOutcome(value: unknown): Promise<Outcome> {
  try {
    return { threw: false, value: await value };
  } catch (error) {
    return { threw: true, error };
  }
}

function describe(o: Outcome): string {
  const v = o.threw ? o.error : o.value;
  let type: string = typeof v;
  try {
    if (typeof v === 'object' && v !== null) type = Object.prototype.toString.call(v);
  } catch {
    type = 'object (unprintable)';
  }
  return `${o.threw ? 'threw' : 'returned'} a ${type}`;
}

/** Throws (a plain Error, safe to print) unless `actual` is exactly `expected`. */
export function assertSameOutcome(actual: Outcome, expected: Outcome, what: string): void {
  const same = actual.threw === expected.threw && Object.is(actual.threw ? actual.error : actual.value, expected.threw ? expected.error : expected.value);
  if (!same) throw new Error(`${what}: the caller ${describe(actual)}, expected it to have ${describe(expected)} (the same object)`);
}

export function returned(value: unknown): Outcome {
  return { threw: false, value };
}

export function threw(error: unknown): Outcome {
  return { threw: true, error };
}
