// Log-scale histogram bins for latencies: each bin is 2% wide, so a percentile read from bin
// counts is within 1% of the exact value. Bins are stored with each turn and model call, so
// p50/p95 over a million spans is a GROUP BY over a covering index, not a sort of every value.

const BASE_MS = 0.001;
const RATIO = 1.02;
const LOG_RATIO = Math.log(RATIO);

/** The bin of a duration in ms (0 for values up to a microsecond); null stays null. */
export function binOf(ms: number | null): number | null {
  if (ms === null || !Number.isFinite(ms)) return null;
  if (ms <= BASE_MS) return 0;
  return 1 + Math.floor(Math.log(ms / BASE_MS) / LOG_RATIO);
}

/** Count of values in one bin, with the smallest and largest of them. */
export interface BinCount {
  bin: number;
  count: number;
  min: number;
  max: number;
}

/**
 * The nearest-rank percentile (0 < p ≤ 1) from bin counts in ascending bin order: the value
 * is interpolated between the bin's smallest and largest value by its rank within the bin
 * (exact whenever the bin holds one distinct value).
 */
export function percentileOf(bins: readonly BinCount[], p: number): number | null {
  const total = bins.reduce((sum, b) => sum + b.count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const b of bins) {
    if (seen + b.count >= rank) {
      if (b.count === 1 || b.max === b.min) return b.min;
      return b.min + ((b.max - b.min) * (rank - seen - 1)) / (b.count - 1);
    }
    seen += b.count;
  }
  return bins.at(-1)?.max ?? null;
}
