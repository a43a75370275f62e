// HTTP transport: one SERVER span per request — instrumentation-http's, or the adapter's own
// when none exists; never two.
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

export function checkSingleServerSpan(trace: readonly ReadableSpan[]): string[] {
  const servers = trace.filter((span) => span.kind === SpanKind.SERVER);
  if (servers.length === 1) return [];
  return [
    `a request trace has ${servers.length} SERVER spans (expected exactly 1): ${servers.map((span) => span.name).join(', ')}`,
  ];
}
