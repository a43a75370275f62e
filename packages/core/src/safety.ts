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

export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/**
 * Runs the framework's `run` through a tracing wrapper (`traced`, e.g. a core helper). If the
 * wrapper fails before it called `run`, that is our fault: report it and run untraced.
 * Anything thrown by `run` itself reaches the caller unchanged.
 */
export function guarded<T>(kind: string, traced: (run: () => T) => T, run: () => T): T {
  let entered = false;
  try {
    return traced(() => {
      entered = true;
      return run();
    });
  } catch (error) {
    if (entered) throw error;
    reportInternal(kind, error);
    return run();
  }
}
