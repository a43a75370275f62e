// IBANs, written whole (DE89370400440532013000) or in groups of four (GB82 WEST 1234 5698 7654 32):
// the country's length and the mod 97 check decide.
import { ibanLength, mod97Step } from './checksums.js';
import { isAsciiAlnum, isDigit } from './char-classes.js';
import { type Detector, type Findings, NEEDS_DIGIT, NEEDS_UPPER } from './redaction-engine.js';

export const IBAN = '[IBAN]';

/**
 * The candidates, as a pattern (the specification, linear by recheck: the character before
 * is consumed, so no attempt starts inside a word, then at most 30 characters with an
 * optional space each). The scanner below finds exactly its matches (tested).
 */
export const IBAN_PATTERN = /(?:^|[^A-Za-z0-9])([A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30})/g;

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

function isUpperAlnum(code: number): boolean {
  return isUpper(code) || isDigit(code);
}

/** What reading a candidate found: where it ends, and the IBAN it holds if its country's length fits. */
interface Reading {
  /** End of the pattern's match (-1: none starts here). */
  end: number;
  /** End of the IBAN at the country's length (-1: too short, or no such country). */
  ibanEnd: number;
  /** mod 97 of the IBAN's characters after the first four (the check needs those last). */
  rest: number;
}

/**
 * Reads the candidate starting at s in one pass: the pattern's greedy match, and the IBAN
 * within it. `known`: only a candidate of a country with IBANs counts (the detector's case;
 * the others cannot hold one, so they are not read).
 */
function read(text: string, s: number, r: Reading, known: boolean): void {
  r.end = -1;
  r.ibanEnd = -1;
  if (!isUpper(text.charCodeAt(s)) || !isUpper(text.charCodeAt(s + 1))) return;
  if (!isDigit(text.charCodeAt(s + 2)) || !isDigit(text.charCodeAt(s + 3))) return;
  const bban = (ibanLength(text.charCodeAt(s), text.charCodeAt(s + 1)) ?? 0) - 4;
  if (known && bban < 0) return;
  let j = s + 4;
  let count = 0;
  let rest = 0;
  // The detector needs no more than the IBAN (and the pattern's minimum of 11).
  const enough = known ? Math.max(bban, 11) : 30;
  while (count < enough && j < text.length) {
    if (text.charCodeAt(j) === 32 && isUpperAlnum(text.charCodeAt(j + 1))) j++;
    else if (!isUpperAlnum(text.charCodeAt(j))) break;
    if (count < bban) {
      // mod 97 taken every few characters only (below 1e9: small-integer arithmetic).
      const c = text.charCodeAt(j);
      rest = c >= 65 ? rest * 100 + (c - 55) : rest * 10 + (c - 48);
      if (rest > 1e7) rest %= 97;
    }
    j++;
    count++;
    if (count === bban) r.ibanEnd = j;
  }
  r.rest = rest % 97;
  if (count >= 11) r.end = j;
}

/**
 * The first match of IBAN_PATTERN at or after `from` (its lastIndex): the start of its IBAN
 * part (-1: none), read into r.
 */
function nextIbanStart(text: string, from: number, r: Reading, known: boolean): number {
  for (let p = from; p < text.length; p++) {
    if (p === 0) {
      read(text, 0, r, known);
      if (r.end >= 0) return 0;
    }
    if (isAsciiAlnum(text.charCodeAt(p))) continue;
    read(text, p + 1, r, known);
    if (r.end >= 0) return p + 1;
  }
  return -1;
}

/** The pattern's match as [start, end) of its IBAN part: every candidate, of any country (tests). */
export function nextIbanCandidate(text: string, from: number): [number, number] | undefined {
  const r: Reading = { end: 0, ibanEnd: 0, rest: 0 };
  const start = nextIbanStart(text, from, r, false);
  return start < 0 ? undefined : [start, r.end];
}

export const ibans: Detector = {
  name: 'iban',
  reach: 34 + 9,
  needs: NEEDS_DIGIT | NEEDS_UPPER,
  scan(text: string, out: Findings): void {
    const r: Reading = { end: 0, ibanEnd: 0, rest: 0 };
    for (let start = nextIbanStart(text, 0, r, true); start >= 0; ) {
      const end = r.ibanEnd;
      let rest = r.rest;
      for (let i = start; i < start + 4; i++) rest = mod97Step(rest, text.charCodeAt(i));
      if (end > 0 && !isAsciiAlnum(end < text.length ? text.charCodeAt(end) : -1) && rest === 1) {
        out.add(start, end, IBAN);
        start = nextIbanStart(text, end, r, true);
      } else start = nextIbanStart(text, start + 2, r, true); // another may start inside this one (≤ 64 characters read again)
    }
  },
};
