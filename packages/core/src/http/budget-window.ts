// Budget windows: fixed intervals aligned on the epoch (a UTC day, a UTC hour, or N ms).

export type BudgetWindow = 'day' | 'hour' | { durationMs: number };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function windowDurationMs(window: BudgetWindow): number {
  if (window === 'day') return DAY_MS;
  if (window === 'hour') return HOUR_MS;
  return window.durationMs;
}

/** Start (inclusive) and end (exclusive) of the window holding `nowMs`. */
export function windowBounds(window: BudgetWindow, nowMs: number): { start: number; end: number } {
  const duration = windowDurationMs(window);
  const start = Math.floor(nowMs / duration) * duration;
  return { start, end: start + duration };
}

export function describeWindow(window: BudgetWindow): string {
  return typeof window === 'string' ? window : `${window.durationMs}ms`;
}

export function isValidWindow(window: unknown): window is BudgetWindow {
  if (window === 'day' || window === 'hour') return true;
  const ms = (window as { durationMs?: unknown } | null)?.durationMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 1;
}
