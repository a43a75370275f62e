// One monotonic high-resolution clock for the start and end of every span the core
// makes: Date.now() has whole milliseconds and would misorder close siblings.
const origin = performance.timeOrigin;

/** Milliseconds since the epoch, fractional, monotonic within the process. */
export function now(): number {
  return origin + performance.now();
}
