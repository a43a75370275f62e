// Tracing must never break the app: internal faults are caught here and reported to the
// OpenTelemetry diag logger, once per kind so a hot path cannot flood the log. Nothing
// here throws, whatever it is handed (a revoked Proxy, a throwing getter or logger).
import { diag } from '@opentelemetry/api';
import { DiagnosticLog } from './diagnostic-log.js';

// Fault kinds are named in code (a bounded set): each new one is said, none held back.
const faults = new DiagnosticLog((message, detail) => diag.error(message, detail), 256, Number.POSITIVE_INFINITY);
// Warnings are keyed by data (an unknown model's name): their own log, so that however
// many there are they never push a fault report out, and a rate limit against floods.
const warnings = new DiagnosticLog((message) => diag.warn(message), 256, 64);

/** The message of something thrown, for the diag log; never throws. */
function describe(error: unknown): string {
  try {
    if (typeof error === 'object' && error !== null) {
      const message = (error as { message?: unknown }).message;
      if (typeof message === 'string') return message;
    }
    return String(error ?? '');
  } catch {
    return `[unprintable ${typeof error}]`;
  }
}

export function reportInternal(kind: string, error?: unknown): void {
  faults.once(kind, `agentspan: ${kind}`, error === undefined ? '' : describe(error));
}

export function warnOnce(kind: string, message: string): void {
  warnings.once(kind, `agentspan: ${message}`, undefined);
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

/** Whether value has a callable `then` (read once; a throwing getter or revoked Proxy is not). */
export function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  try {
    return typeof (value as { then?: unknown } | null)?.then === 'function';
  } catch {
    return false;
  }
}

export function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  try {
    return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
  } catch {
    return false;
  }
}

/**
 * Runs the framework's `run` through a tracing wrapper (`traced`, e.g. a core helper). If the
 * wrapper fails before it called `run`, that is our fault: report it and run untraced. If
 * it fails after `run` returned or threw, `run`'s own value or error reaches the caller.
 */
export function guarded<T>(kind: string, traced: (run: () => T) => T, run: () => T): T {
  let ran = 'no' as 'no' | 'returned' | 'threw';
  let value: T | undefined;
  let thrown: unknown;
  try {
    return traced(() => {
      try {
        value = run();
      } catch (error) {
        ran = 'threw';
        thrown = error;
        throw error;
      }
      ran = 'returned';
      return value;
    });
  } catch (error) {
    if (ran === 'threw') {
      if (error !== thrown) reportInternal(kind, error);
      throw thrown;
    }
    reportInternal(kind, error);
    return ran === 'returned' ? (value as T) : run();
  }
}
