// Groups finished spans by trace, traces in the order their first span started.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { hrTimeToNanos } from './span-time.js';

export function groupByTrace(spans: readonly ReadableSpan[]): ReadableSpan[][] {
  const byTrace = new Map<string, ReadableSpan[]>();
  for (const span of spans) {
    const traceId = span.spanContext().traceId;
    const trace = byTrace.get(traceId) ?? [];
    trace.push(span);
    byTrace.set(traceId, trace);
  }
  const firstStart = (trace: ReadableSpan[]): bigint =>
    trace.reduce(
      (earliest, span) => {
        const start = hrTimeToNanos(span.startTime);
        return earliest === undefined || start < earliest ? start : earliest;
      },
      undefined as bigint | undefined,
    ) ?? 0n;
  return [...byTrace.values()].sort((a, b) => {
    const [startA, startB] = [firstStart(a), firstStart(b)];
    return startA < startB ? -1 : startA > startB ? 1 : 0;
  });
}
