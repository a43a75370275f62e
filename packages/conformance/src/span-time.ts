// Span times as exact integers: HrTime is [seconds, nanoseconds], and a Number of
// nanoseconds since the epoch would lose precision.
import type { HrTime } from '@opentelemetry/api';

export function hrTimeToNanos(time: HrTime): bigint {
  return BigInt(time[0]) * 1_000_000_000n + BigInt(time[1]);
}

export function hrTimeToSeconds(time: HrTime): number {
  return time[0] + time[1] / 1e9;
}
