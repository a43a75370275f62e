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

/** Longest `durationMs` (a year): beyond, a window no longer means "per period", and its end must stay a valid date (`resetsAt`). */
export const MAX_WINDOW_MS = 366 * DAY_MS;

export function isValidWindow(window: unknown): window is BudgetWindow {
  if (window === 'day' || window === 'hour') return true;
  if (typeof window !== 'object' || window === null) return false;
  const ms = (window as { durationMs?: unknown }).durationMs;
  return Object.keys(window).length === 1 && typeof ms === 'number' && Number.isFinite(ms) && ms >= 1 && ms <= MAX_WINDOW_MS;
}
