// Tracing never breaks the app: every hook body runs through `safely`, which reports a
// fault once per kind to the OpenTelemetry diag logger and returns a fallback.
import { diag } from '@opentelemetry/api';

const reported = new Set<string>();

export function reportInternal(kind: string, error: unknown): void {
  if (reported.has(kind) || reported.size >= 256) return;
  reported.add(kind);
  diag.error(`@agentspan/ai-sdk: ${kind}`, error instanceof Error ? error.message : String(error));
}

export function safely(kind: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    reportInternal(kind, error);
  }
}
