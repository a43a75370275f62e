// fc.assert, with a report safe to print: a failing run's error may be a hostile value
// (a revoked Proxy, throwing getters) that a test reporter cannot format. The report says
// what failed in plain text: the seed, the counterexample and the error's own text.
import fc from 'fast-check';

function text(value: unknown): string {
  try {
    if (value instanceof Error) return String(value.stack ?? `${value.name}: ${value.message}`);
  } catch {
    // a throwing getter or revoked Proxy
  }
  try {
    return `a thrown ${typeof value}: ${String(value)}`;
  } catch {
    return `a thrown ${typeof value} (unprintable)`;
  }
}

function counterexample(value: unknown): string {
  try {
    return fc.stringify(value);
  } catch {
    return '(unprintable)';
  }
}

/** Runs the property; on failure throws a plain Error that names the counterexample and the fault. */
export async function checkProperty<Ts>(property: fc.IAsyncProperty<Ts> | fc.IProperty<Ts>, params: fc.Parameters<Ts>): Promise<void> {
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, params);
  if (!details.failed) return;
  throw new Error(
    [
      `property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}")`,
      `counterexample: ${counterexample(details.counterexample)}`,
      `fault: ${details.errorInstance === undefined ? '(none)' : text(details.errorInstance)}`,
    ].join('\n'),
  );
}
