// Truncation of a JSON value to a character budget that keeps the result valid JSON:
// long strings are shortened first (all to one cap, found by bisection), then trailing
// array items are dropped; the structure is never cut mid-token.

import { mapStrings } from './map-strings.js';

const MARK = '…';

function capStrings(value: unknown, cap: number): unknown {
  return mapStrings(value, (text) => (text.length > cap ? text.slice(0, cap) + MARK : text));
}

function longestString(value: unknown): number {
  if (typeof value === 'string') return value.length;
  let max = 0;
  if (Array.isArray(value)) for (const v of value) max = Math.max(max, longestString(v));
  else if (value && typeof value === 'object') for (const v of Object.values(value)) max = Math.max(max, longestString(v));
  return max;
}

/** Serialises value as JSON of at most maxLength characters. */
export function truncateJson(value: unknown, maxLength: number): string {
  const full = JSON.stringify(value) ?? 'null';
  if (full.length <= maxLength) return full;
  // Largest string cap that fits.
  let lo = 0;
  let hi = longestString(value);
  let best: string | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const text = JSON.stringify(capStrings(value, mid));
    if (text.length <= maxLength) {
      best = text;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best !== undefined) return best;
  if (Array.isArray(value)) {
    const shortest = capStrings(value, 0) as unknown[];
    for (let n = shortest.length - 1; n >= 0; n--) {
      const text = JSON.stringify(shortest.slice(0, n));
      if (text.length <= maxLength) return text;
    }
  }
  const fallback = JSON.stringify(MARK);
  return fallback.length <= maxLength ? fallback : '""';
}

/** A plain string cut to maxLength characters. */
export function truncateText(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : text.slice(0, Math.max(0, maxLength - 1)) + MARK;
}
