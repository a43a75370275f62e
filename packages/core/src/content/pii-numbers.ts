// Phone numbers, payment cards, PRC resident IDs and US SSNs: every run of digit groups
// ("+86 138 1234 5678", "4111-1111-1111-1111", "(415) 555-0132 / 138-1234-5678") is split
// into groups, and the groups are read left to right as the items they can be. An item is
// always whole groups, so a piece of a longer number (an order id, a trace id, a
// timestamp) is never taken for a phone.
import { isCardNumber, isPrcResidentId, isUsSsn } from './checksums.js';
import { DigitGroups } from './digit-groups.js';
import { phoneAt } from './phone-formats.js';
import { isDigit } from './char-classes.js';
import { type Detector, type Findings, NEEDS_DIGIT } from './redaction-engine.js';

export const CARD = '[CARD]';
export const PHONE = '[PHONE]';
export const ID = '[ID]';
export const SSN = '[SSN]';

// The candidates: digit groups joined by one of " ", ".", "-", "(", ")" (a joiner is never
// empty, so the pattern has one way to match a run: linear, by recheck's automaton checker).
// A group may end with the X of a PRC ID. The scanner below finds exactly its matches
// (tested) at a fraction of a regex engine's per-match cost; what each group is, is decided
// in code.
export const NUMBER_RUN_PATTERN = /\+?\(?\d+[Xx]?(?:(?:\)[ .-]?\(?|[ .-]\(?|\()\d+[Xx]?)*\)?/g;

export interface NumberRun {
  start: number;
  end: number;
  digits: number;
}

function isSeparator(code: number): boolean {
  return code === 32 || code === 46 || code === 45; // ' ' '.' '-'
}

/** End of the digits (and an X) of a group starting at i. */
function groupEnd(text: string, i: number, counted: { digits: number }): number {
  let j = i;
  while (isDigit(text.charCodeAt(j))) j++;
  counted.digits += j - i;
  const c = text.charCodeAt(j);
  return c === 88 || c === 120 ? j + 1 : j;
}

/** Length of the joiner at i when a group follows it, else 0: ")", ")-", ")-(", ")(", "-", "-(", "(". */
function joinerLength(text: string, i: number): number {
  const c = text.charCodeAt(i);
  let j = i;
  if (c === 41) {
    j++;
    if (isSeparator(text.charCodeAt(j))) j++;
    if (text.charCodeAt(j) === 40) j++;
    // ")-(" without a digit after it: the pattern backtracks to ")-" or ")" — neither has a digit next.
  } else if (isSeparator(c)) {
    j++;
    if (text.charCodeAt(j) === 40) j++;
  } else if (c === 40) j++;
  else return 0;
  return isDigit(text.charCodeAt(j)) ? j - i : 0;
}

const run: NumberRun = { start: 0, end: 0, digits: 0 };

/** The first match of NUMBER_RUN_PATTERN at or after `from` (one object, overwritten by the next call). */
export function nextNumberRun(text: string, from: number): NumberRun | undefined {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let g = i;
    if (c === 43) g++; // '+'
    if (text.charCodeAt(g) === 40) g++; // '('
    if (!isDigit(text.charCodeAt(g))) continue;
    run.digits = 0;
    let end = groupEnd(text, g, run);
    for (let n = joinerLength(text, end); n > 0; n = joinerLength(text, end)) end = groupEnd(text, end + n, run);
    if (text.charCodeAt(end) === 41) end++;
    run.start = i;
    run.end = end;
    return run;
  }
  return undefined;
}

/** Groups i..i+k-1 are joined by one separator, the same each time: " " or "-". */
function sameJoiner(g: DigitGroups, i: number, k: number): boolean {
  const first = g.joiner(i + 1);
  if (first !== ' ' && first !== '-') return false;
  for (let j = i + 2; j < i + k; j++) if (g.joiner(j) !== first) return false;
  return true;
}

/** A lone group is a number of its own, not the integer or fraction part of a decimal. */
function standsAlone(g: DigitGroups, i: number): boolean {
  return g.joiner(i) !== '.' && g.joiner(i + 1) !== '.';
}

function digitsOf(g: DigitGroups, i: number, k: number): string {
  let digits = '';
  for (let j = i; j < i + k; j++) digits += g.digits(j);
  return digits;
}

function prcIdAt(g: DigitGroups, i: number): number {
  const size = g.size(i);
  if (size === 18 || (size === 17 && g.hasX(i))) {
    return !g.glued(i) && standsAlone(g, i) && isPrcResidentId(g.digits(i) + (g.hasX(i) ? 'X' : '')) ? 1 : 0;
  }
  // Written 6-8-4: "110105 19491231 002X".
  if (size !== 6 || g.size(i + 1) !== 8 || g.size(i + 2) + (g.hasX(i + 2) ? 1 : 0) !== 4) return 0;
  if (!g.plain(i, 2) || g.glued(i + 2) || !sameJoiner(g, i, 3)) return 0;
  return isPrcResidentId(digitsOf(g, i, 3) + (g.hasX(i + 2) ? 'X' : '')) ? 3 : 0;
}

function cardAt(g: DigitGroups, i: number): number {
  const size = g.size(i);
  if (size >= 13) return size <= 19 && g.plain(i, 1) && standsAlone(g, i) && isCardNumber(g.digits(i)) ? 1 : 0;
  // Grouped: 4-4-4-4, 4-4-4-4-3, 4-6-5 (Amex), 4-6-4 (Diners), one separator throughout.
  if (size !== 4) return 0;
  let k = 1;
  while (k < 5 && g.size(i + k) >= 3 && g.size(i + k) <= 6) k++;
  for (; k >= 2; k--) {
    if (g.plain(i, k) && sameJoiner(g, i, k) && isCardNumber(digitsOf(g, i, k))) return k;
  }
  return 0;
}

function ssnAt(g: DigitGroups, i: number): number {
  if (g.size(i) !== 3 || g.size(i + 1) !== 2 || g.size(i + 2) !== 4 || !g.plain(i, 3) || !sameJoiner(g, i, 3)) return 0;
  return isUsSsn(g.digits(i), g.digits(i + 1), g.digits(i + 2)) ? 3 : 0;
}

function push(out: Findings, g: DigitGroups, first: number, last: number, replacement: string): void {
  const start = g.paren(first) ? g.start(first) - 1 : g.start(first);
  out.add(start, g.paren(last) ? g.end(last) + 1 : g.end(last), replacement);
}

/**
 * Whether an item can start at group i, by its size alone: ID 6, 17 or 18; card 4 or 13-19;
 * SSN 3; phone: 3 or 11 or 13 (a Chinese mobile, North American), the leading 1 of "1-415-…",
 * or a trunk or international prefix 0. Most groups of a long run of short numbers are not.
 */
function mayStartItem(g: DigitGroups, i: number): boolean {
  const size = g.size(i);
  const first = g.digitAt(i, 0);
  if (size === 1) return first === 1 && g.size(i + 1) === 3;
  return size === 3 || size === 4 || size === 6 || size === 11 || size >= 13 || (first === 0 && size >= 2);
}

function classifyRun(text: string, start: number, end: number, out: Findings): void {
  const g = new DigitGroups(text, start, end);
  let i = 0;
  if (text.charCodeAt(start) === 43 && g.phoneUsable(0)) {
    // "+86 138 1234 5678", "+447911123456": E.164, whatever the national format.
    const k = phoneAt(g, 0, true);
    if (k > 0) {
      out.add(start, g.paren(k - 1) ? g.end(k - 1) + 1 : g.end(k - 1), PHONE);
      i = k;
    }
  }
  while (g.has(i)) {
    if (!mayStartItem(g, i)) {
      i++;
      continue;
    }
    let k = prcIdAt(g, i);
    let replacement = ID;
    if (k === 0) {
      k = cardAt(g, i);
      replacement = CARD;
    }
    if (k === 0) {
      k = ssnAt(g, i);
      replacement = SSN;
    }
    if (k === 0) {
      k = phoneAt(g, i, false);
      replacement = PHONE;
    }
    if (k === 0) {
      i++;
      continue;
    }
    push(out, g, i, i + k - 1, replacement);
    i += k;
  }
}

export const numbers: Detector = {
  name: 'number',
  reach: 64,
  needs: NEEDS_DIGIT,
  scan(text: string, out: Findings): void {
    for (let m = nextNumberRun(text, 0); m !== undefined; m = nextNumberRun(text, m.end)) {
      // Every item has at least 8 digits: shorter runs are not split.
      if (m.digits >= 8) classifyRun(text, m.start, m.end, out);
    }
  },
};
