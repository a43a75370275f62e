// Tracing must never break the app: internal faults are caught here and reported to the
// OpenTelemetry diag logger, once per kind so a hot path cannot flood the log.
import { diag } from '@opentelemetry/api';

const reported = new Set<string>();
const MAX_KINDS = 256;

export function reportInternal(kind: string, error?: unknown): void {
  if (reported.has(kind) || reported.size >= MAX_KINDS) return;
  reported.add(kind);
  diag.error(`agentspan: ${kind}`, error instanceof Error ? error.message : String(error ?? ''));
}

export function warnOnce(kind: string, message: string): void {
  if (reported.has(kind) || reported.size >= MAX_KINDS) return;
  reported.add(kind);
  diag.warn(`agentspan: ${message}`);
}

/** Runs fn; on a throw reports it (once per kind) and returns the fallback. */
export function safely(kind: string, fn: () => void): void;
export function safely<T>(kind: string, fn: () => T, fallback: T): T;
export function safely<T>(kind: string, fn: () => T, fallback?: T): T | undefined {
  try {
    return fn();
  } catch (error) {
    reportInternal(kind, error);
    return fallback;
  }
}
