// One monotonic high-resolution clock for the start and end of every span the core
// makes: Date.now() has whole milliseconds and would misorder close siblings.
import type { HrTime } from '@opentelemetry/api';

// `performance` is a lazy getter on Node's global object: read it once, not per call.
const perf = performance;
const origin = perf.timeOrigin;

/** Milliseconds since the epoch, fractional, monotonic within the process. */
export function now(): number {
  return origin + perf.now();
}

/**
 * The same instant as an HrTime, converted exactly as the SDK converts an epoch-ms number.
 * Spans are given HrTimes: an epoch-ms number makes the SDK read its clock again (to tell
 * it from a performance timestamp), once at start and once at end.
 */
export function hrTime(epochMs: number): HrTime {
  return [Math.trunc(epochMs / 1000), Math.round((epochMs % 1000) * 1e6)];
}
