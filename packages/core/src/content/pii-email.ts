// E-mail addresses, internationalised ones too (josé@exämple.com, 例子.中国 domains, the
// full-width ＠ some users type to dodge scrapers).
import { CharClass, codePointAt, codePointBefore } from './char-classes.js';
import { type Detector, type Findings, NEEDS_AT } from './redaction-engine.js';

export const EMAIL = '[EMAIL]';

// Local part: Latin, Greek and Cyrillic letters, digits, marks and ._%+-. Han, kana and
// Hangul are left out so that "联系我jane@example.com" keeps "联系我".
const LOCAL = new CharClass(String.raw`\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}\p{M}._%+\-`);
const DOMAIN = new CharClass(String.raw`\p{L}\p{N}\p{M}\-`);

/**
 * The candidates, as a pattern (the specification, linear by recheck's automaton checker:
 * the character before the local part is consumed, so no attempt starts inside one). The
 * scanner below finds exactly its matches (tested) without a regex engine's per-match cost.
 */
export const EMAIL_PATTERN = new RegExp(
  String.raw`(?:^|[^${LOCAL.source}])([${LOCAL.source}]+)[@＠]([${DOMAIN.source}]+(?:\.[${DOMAIN.source}]+)+)`,
  'gu',
);

export interface EmailCandidate {
  /** Start of the local part. */
  start: number;
  /** Index of the @. */
  at: number;
  /** End of the domain. */
  end: number;
}

function isAt(code: number): boolean {
  return code === 64 || code === 0xff20;
}

/** End of a run of domain characters starting at i (i when there is none). */
function domainRun(text: string, i: number): number {
  let j = i;
  for (let [c, n] = codePointAt(text, j); n > 0 && DOMAIN.has(c); [c, n] = codePointAt(text, j)) j += n;
  return j;
}

/** Index of the next @ (or ＠ when `wide`) at or after i, -1 when none. */
function nextAt(text: string, i: number, wide: boolean): number {
  if (!wide) return text.indexOf('@', i);
  for (let j = i; j < text.length; j++) if (isAt(text.charCodeAt(j))) return j;
  return -1;
}

const found: EmailCandidate = { start: 0, at: 0, end: 0 };

/**
 * The first match of EMAIL_PATTERN at or after `from` (its lastIndex; one object, overwritten
 * by the next call). `wide`: the text may hold a full-width ＠ (else only '@' is looked for,
 * at indexOf's speed).
 */
export function nextEmail(text: string, from: number, wide = true): EmailCandidate | undefined {
  for (let at = nextAt(text, from, wide); at >= 0; at = nextAt(text, at + 1, wide)) {
    // The local part is the whole run of local characters before the @; the character the
    // pattern consumes before it must lie at or after `from` (or the run starts the text).
    let start = at;
    let [c, n] = codePointBefore(text, start);
    while (n > 0 && LOCAL.has(c)) {
      start -= n;
      [c, n] = codePointBefore(text, start);
    }
    if (start === at || (start === 0 ? from > 0 : start - n < from)) continue;
    // Domain: labels joined by single dots, at least two.
    let end = domainRun(text, at + 1);
    if (end === at + 1) continue;
    let labels = 1;
    while (text.charCodeAt(end) === 46) {
      const next = domainRun(text, end + 1);
      if (next === end + 1) break;
      end = next;
      labels++;
    }
    if (labels >= 2) {
      found.start = start;
      found.at = at;
      found.end = end;
      return found;
    }
  }
  return undefined;
}

const LETTERS = /^\p{L}{2,63}$/u;
const ASCII_TLD_PREFIX = /^[A-Za-z]{2,63}/;
const PUNYCODE = /^xn--[a-z0-9-]{1,59}$/i;

/** Length of the domain up to and including its top-level label, or 0 when it has none. */
function domainLength(domain: string): number {
  const labels = domain.split('.');
  let length = domain.length;
  for (let t = labels.length - 1; t >= 1; t--) {
    const tld = labels[t] ?? '';
    length -= tld.length + 1;
    const ascii = ASCII_TLD_PREFIX.exec(tld)?.[0];
    // An ASCII top-level label glued to other letters ("com中文") ends where ASCII ends.
    if (ascii && ascii.length < tld.length && tld.charCodeAt(ascii.length) > 0x7f) return length + 1 + ascii.length;
    if (LETTERS.test(tld) || PUNYCODE.test(tld)) return length + 1 + tld.length;
  }
  return 0;
}

export const emails: Detector = {
  name: 'email',
  reach: 64 + 1 + 255,
  needs: NEEDS_AT,
  scan(text: string, out: Findings): void {
    const wide = text.indexOf('＠') >= 0;
    if (!wide && text.indexOf('@') < 0) return;
    for (let m = nextEmail(text, 0, wide); m !== undefined; m = nextEmail(text, m.end, wide)) {
      let start = m.start;
      while (start < m.at && text[start] === '.') start++; // a local part does not start with '.'
      const length = domainLength(text.slice(m.at + 1, m.end));
      if (start < m.at && length > 0) out.add(start, m.at + 1 + length, EMAIL);
    }
  },
};
