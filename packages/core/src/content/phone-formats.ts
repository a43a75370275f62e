// Phone numbers as people write them: E.164 ("+86 138 1234 5678", "+447911123456",
// "0086 …"), Chinese mobiles (13800138000, 138-1234-5678) and landlines (010-12345678),
// North American numbers ((415) 555-0132, 415.555.0132, 1-415-555-0132) and the
// trunk-prefix national formats of Europe and Japan (07911 123456, 06 12 34 56 78,
// 090-1234-5678). Bare 10-digit numbers without a separator are not taken: they are
// order ids and timestamps far more often than phones.
import type { DigitGroups } from './digit-groups.js';

// Longest E.164 number (country code included) of the countries whose numbers users meet
// most; others get the E.164 maximum of 15. Keys are country codes.
const E164_MAX: Record<string, number> = {
  1: 11, 7: 11, 20: 12, 27: 11, 30: 12, 31: 11, 32: 11, 33: 11, 34: 11, 36: 11, 39: 13, 40: 11, 41: 11, 43: 13,
  44: 12, 45: 10, 46: 12, 47: 10, 48: 11, 49: 14, 51: 11, 52: 12, 54: 13, 55: 13, 60: 12, 61: 11, 62: 13, 63: 12,
  64: 11, 65: 10, 66: 11, 81: 12, 82: 12, 84: 12, 86: 13, 90: 12, 91: 12, 92: 12, 852: 11, 853: 11, 886: 12,
  966: 12, 971: 12, 972: 12,
};
const E164_MIN = 8;

function e164Max(digits: string): number {
  return E164_MAX[digits.slice(0, 1)] ?? E164_MAX[digits.slice(0, 2)] ?? E164_MAX[digits.slice(0, 3)] ?? 15;
}

function isSeparator(joiner: string): boolean {
  return joiner === ' ' || joiner === '-' || joiner === '.';
}

/**
 * Group i follows with the same hyphen or dot: the groups before it are the head of a longer
 * number ("069-3652704-8321203" is an order id), not a phone. Spaces are different: two
 * phones are often written one after the other.
 */
function continues(g: DigitGroups, i: number, separator: string): boolean {
  return separator !== ' ' && g.has(i) && g.joiner(i) === separator;
}

/**
 * Groups from i on as an international number: digits (a "(0)" trunk prefix not counted)
 * until the longest count the country allows. `skip` digits of the first group are the
 * international prefix ("00").
 */
function international(g: DigitGroups, i: number, skip: number): number {
  let digits = '';
  let best = 0;
  for (let k = i; k < i + 8 && g.phoneUsable(k); k++) {
    if (k === i) digits = g.digits(k).slice(skip);
    else if (!(g.paren(k) && g.size(k) === 1 && g.digitAt(k, 0) === 0)) digits += g.digits(k);
    if (digits.length > e164Max(digits)) break;
    if (digits.length >= E164_MIN) best = k - i + 1;
  }
  return best;
}

const MOBILE = /^(?:86)?1[3-9]\d{9}$/;

function chineseMobile(g: DigitGroups, i: number): number {
  const size = g.size(i);
  if (size === 11 || size === 13) {
    // 13800138000, 8613800138000: one group, not a part of a decimal number.
    return g.phoneUsable(i) && MOBILE.test(g.digits(i)) && g.joiner(i) !== '.' && g.joiner(i + 1) !== '.' ? 1 : 0;
  }
  // 138 1234 5678, 138-1234-5678
  if (size !== 3 || g.size(i + 1) !== 4 || g.size(i + 2) !== 4 || g.digitAt(i, 0) !== 1 || g.digitAt(i, 1) < 3) return 0;
  const j = g.joiner(i + 1);
  return (j === ' ' || j === '-') && g.joiner(i + 2) === j && !continues(g, i + 3, j) && g.phoneUsable(i) && g.phoneUsable(i + 1) && g.phoneUsable(i + 2) ? 3 : 0;
}

/** (415) 555-0132, 415-555-0132, 415.555.0132, 415 555 0132, with an optional leading 1. */
function northAmerican(g: DigitGroups, i: number): number {
  const lead = g.size(i) === 1 && g.digitAt(i, 0) === 1 ? 1 : 0;
  const a = i + lead;
  if (g.size(a) !== 3 || g.size(a + 1) !== 3 || g.size(a + 2) !== 4) return 0;
  if (g.digitAt(a, 0) < 2 || g.digitAt(a + 1, 0) < 2) return 0;
  for (let k = i; k < a + 3; k++) if (!g.phoneUsable(k)) return 0;
  // Separators: the same one twice, or "(415) 555-0132".
  const [b, c] = [g.joiner(a + 1), g.joiner(a + 2)];
  const same = isSeparator(b) && b === c && !continues(g, a + 3, b);
  const parenthesised = g.paren(a) && (b === ') ' || b === ')') && (c === '-' || c === ' ');
  return same || parenthesised ? lead + 3 : 0;
}

/** A trunk prefix 0 then the subscriber number: 010-12345678, 07911 123456, 06 12 34 56 78, 0312345678. */
function trunkNational(g: DigitGroups, i: number): number {
  const size = g.size(i);
  if (size < 2 || g.digitAt(i, 0) !== 0 || g.digitAt(i, 1) === 0 || !g.phoneUsable(i)) return 0;
  if (size >= 10) return size <= 12 && g.joiner(i) !== '.' && g.joiner(i + 1) !== '.' ? 1 : 0;
  if (size > 5) return 0;
  // After "(010)" any one separator; between the other groups the same one each time.
  const j = g.paren(i) ? (g.has(i + 2) ? g.joiner(i + 2) : ' ') : g.joiner(i + 1);
  if (!isSeparator(j)) return 0;
  let best = 0;
  let digits = size;
  for (let k = i + 1; k < i + 5 && g.phoneUsable(k) && g.size(k) >= 2; k++) {
    const joiner = g.joiner(k);
    const joined = k === i + 1 && g.paren(i) ? joiner === ') ' || joiner === ')' : joiner === j;
    if (!joined) break;
    digits += g.size(k);
    // Two groups need ten digits (a ZIP+4 code is 5-4), and are a decimal number when dotted.
    const groups = k - i + 1;
    if (digits >= (groups === 2 ? 10 : 9) && digits <= 12 && !(j === '.' && groups === 2)) best = groups;
  }
  return best > 0 && continues(g, i + best, j) ? 0 : best;
}

/** How many groups from i on make one phone number (0: none). `plus`: group i follows a "+". */
export function phoneAt(g: DigitGroups, i: number, plus: boolean): number {
  if (plus) return international(g, i, 0);
  // "0086 138 1234 5678", "0044 7911 123456", "00447911123456": the international prefix 00.
  const size = g.size(i);
  if (size >= 3 && g.digitAt(i, 0) === 0 && g.digitAt(i, 1) === 0 && g.digitAt(i, 2) !== 0 && g.phoneUsable(i)) {
    // Written apart, "00" and a country code: 1 and 7 are the only one-digit codes.
    const k = (size <= 5 && (size > 3 || g.digitAt(i, 2) === 1 || g.digitAt(i, 2) === 7)) || size >= 10 ? international(g, i, 2) : 0;
    if (k > 1 || (k === 1 && size >= 10 && g.joiner(i) !== '.' && g.joiner(i + 1) !== '.')) return k;
  }
  return chineseMobile(g, i) || northAmerican(g, i) || trunkNational(g, i);
}
