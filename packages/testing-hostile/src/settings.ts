// One seed for every hostile suite, so a failure in CI replays the same way on a laptop;
// AGENTSPAN_FUZZ_RUNS multiplies the runs (e.g. 10 for a long local soak) and
// AGENTSPAN_FUZZ_SEED replaces the seed (to explore beyond what CI runs).
import type { Parameters } from 'fast-check';

export const FUZZ_SEED = Number(process.env.AGENTSPAN_FUZZ_SEED ?? 0x5afe17);
const MULTIPLIER = Math.max(1, Number(process.env.AGENTSPAN_FUZZ_RUNS ?? 1) || 1);

/** Runs made by each property so far, by name: the suites print the totals. */
export const runsByProperty = new Map<string, number>();

/** fast-check parameters: the fixed seed and `numRuns` (times the multiplier). */
export function fuzzParams<T>(name: string, numRuns: number): Parameters<T> {
  const runs = Math.round(numRuns * MULTIPLIER);
  runsByProperty.set(name, (runsByProperty.get(name) ?? 0) + runs);
  return { seed: FUZZ_SEED, numRuns: runs, endOnFailure: true };
}

/** One line with every property's runs, for the test log (the report quotes it). */
export function runsSummary(suite: string): string {
  let total = 0;
  const parts: string[] = [];
  for (const [name, runs] of runsByProperty) {
    total += runs;
    parts.push(`${name}=${runs}`);
  }
  return `[hostile] ${suite}: ${total} runs, seed ${FUZZ_SEED} (${parts.join(', ')})`;
}
