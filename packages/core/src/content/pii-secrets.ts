// Secrets: API keys of the common providers (by their documented prefixes), bearer tokens,
// and the value of anything labelled as a credential ("password=…", "api_key: …", "密码：…").
import { isSpace, isWordChar } from './char-classes.js';
import { type Detector, type Findings, NEEDS_SEPARATOR } from './redaction-engine.js';

export const SECRET = '[SECRET]';

// The patterns are linear by construction (tested with recheck's automaton checker): a
// prefix, then one character class. Exact lengths are checked in code, not in the pattern.
export const SECRET_TOKEN_PATTERN =
  /\b(?:sk-|sk_|rk_|pk_|gh[pousr]_|github_pat_|AIza|xox[abprs]-|hf_|glpat-|AKIA|ASIA|LTAI|AKID|ya29\.|eyJ)[A-Za-z0-9_\-.]+/g;
export const BEARER_PATTERN = /\b(bearer)[ \t]+([A-Za-z0-9._~+/=-]+)/gi;

/** Minimum body length (after the prefix) of each key format; JWTs are checked for their dots. */
const TOKEN_MIN: Record<string, number> = {
  'sk-': 20, sk_: 16, rk_: 16, pk_: 16, ghp_: 30, gho_: 30, ghu_: 30, ghs_: 30, ghr_: 30, github_pat_: 30,
  AIza: 30, 'xoxa-': 10, 'xoxb-': 10, 'xoxp-': 10, 'xoxr-': 10, 'xoxs-': 10, hf_: 30, 'glpat-': 20, AKIA: 16,
  ASIA: 16, LTAI: 12, AKID: 30, 'ya29.': 20,
};

function tokenLength(token: string): number {
  // Trailing dots and dashes are punctuation of the sentence, not of the key.
  let end = token.length;
  while (end > 0 && (token[end - 1] === '.' || token[end - 1] === '-')) end--;
  const body = token.slice(0, end);
  if (body.startsWith('eyJ')) {
    const [header, payload] = body.split('.');
    return header && payload && header.length >= 8 && payload.startsWith('eyJ') && payload.length >= 8 ? end : 0;
  }
  for (const prefix of [body.slice(0, 11), body.slice(0, 5), body.slice(0, 4), body.slice(0, 3)]) {
    const min = TOKEN_MIN[prefix];
    if (min !== undefined) return body.length - prefix.length >= min ? end : 0;
  }
  return 0;
}

export const secretTokens: Detector = {
  name: 'secret-token',
  reach: 64,
  scan(text: string, out: Findings): void {
    const re = SECRET_TOKEN_PATTERN;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const length = tokenLength(m[0]);
      if (length > 0) out.add(m.index, m.index + length, SECRET);
    }
  },
};

function looksLikeToken(value: string): boolean {
  return value.length >= 8 && (value.length >= 20 || /\d/.test(value));
}

export const bearerTokens: Detector = {
  name: 'bearer-token',
  reach: 64,
  scan(text: string, out: Findings): void {
    const re = BEARER_PATTERN;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const value = m[2] ?? '';
      if (looksLikeToken(value)) out.add(m.index + m[0].length - value.length, m.index + m[0].length, SECRET);
    }
  },
};

// A key names a credential when it ends with one of these (case, "-" and "_" aside).
const SECRET_KEY =
  /(?:password|passwd|pwd|passphrase|secret|api[-_]?key|access[-_]?key|secret[-_]?key|private[-_]?key|(?:access|refresh|auth|id|session|api|bearer)[-_]?token|authorization|cookie|credentials|密码|口令|密钥|秘钥|令牌)$/i;
// Last characters of those endings: most keys are rejected on this alone.
const SECRET_KEY_LAST = new Set(['d', 'e', 't', 'y', 'n', 's', '码', '令', '钥', '牌']);

/** Whether an object key or a "key: value" label names a credential (its value is redacted whole). */
export function isSecretKey(key: string): boolean {
  return key.length <= 64 && SECRET_KEY_LAST.has(key.charAt(key.length - 1).toLowerCase()) && SECRET_KEY.test(key);
}

/**
 * "key: value" and "key=value" pairs, as a pattern (the specification, linear by recheck;
 * the character before the key is consumed, and a value holds no ':' or '=' so that no
 * value is read twice). The scanner below finds exactly its matches (tested).
 */
export const CREDENTIAL_PATTERN =
  /(?:^|[^A-Za-z0-9_-])([A-Za-z][A-Za-z0-9_-]*|密码|口令|密钥|秘钥|令牌)["']?[ \t]*[:=：][ \t]*["']?([^\s"',;&<>:=：，。；、！？）」』】》“”‘’]+)/g;
// Where a value ends, besides white space and ':' '=': quotes, separators, CJK punctuation.
const VALUE_ENDS = new Set([...`"',;&<>：，。；、！？）」』】》“”‘’`].map((c) => c.charCodeAt(0)));
// The two-character keys, by their last character.
const HAN_KEYS: Record<string, string[]> = { 码: ['密'], 令: ['口'], 钥: ['密', '秘'], 牌: ['令'] };

export interface LabelledValue {
  /** Where the match starts: the character consumed before the key (or the key at 0). */
  start: number;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
}

function isKeyChar(code: number): boolean {
  return isWordChar(code) || code === 45;
}

function isSeparator(code: number): boolean {
  return code === 58 || code === 61 || code === 0xff1a; // ':' '=' '：'
}

function isQuote(code: number): boolean {
  return code === 34 || code === 39;
}

function isValueChar(code: number): boolean {
  return !(isSpace(code) || code === 58 || code === 61 || VALUE_ENDS.has(code));
}

const found: LabelledValue = { start: 0, keyStart: 0, keyEnd: 0, valueStart: 0, valueEnd: 0 };

/** The first match of CREDENTIAL_PATTERN at or after `from` (its lastIndex; one object, overwritten by the next call). */
export function nextLabelledValue(text: string, from: number): LabelledValue | undefined {
  for (let q = from; q < text.length; q++) {
    if (!isSeparator(text.charCodeAt(q))) continue;
    let keyEnd = q;
    while (keyEnd > from && (text.charCodeAt(keyEnd - 1) === 32 || text.charCodeAt(keyEnd - 1) === 9)) keyEnd--;
    if (keyEnd > from && isQuote(text.charCodeAt(keyEnd - 1))) keyEnd--;
    let keyStart = keyEnd;
    if (keyEnd >= 2 && text.charCodeAt(keyEnd - 1) > 0x7f && HAN_KEYS[text.charAt(keyEnd - 1)]?.includes(text.charAt(keyEnd - 2))) keyStart = keyEnd - 2;
    else {
      while (keyStart > 0 && isKeyChar(text.charCodeAt(keyStart - 1))) keyStart--;
      const first = text.charCodeAt(keyStart);
      if (keyStart === keyEnd || !((first >= 65 && first <= 90) || (first >= 97 && first <= 122))) continue;
    }
    // The pattern consumes the character before the key, which must lie at or after `from`.
    if (keyStart === 0 ? from > 0 : keyStart - 1 < from || isKeyChar(text.charCodeAt(keyStart - 1))) continue;
    let valueStart = q + 1;
    while (text.charCodeAt(valueStart) === 32 || text.charCodeAt(valueStart) === 9) valueStart++;
    if (isQuote(text.charCodeAt(valueStart))) valueStart++;
    let valueEnd = valueStart;
    while (valueEnd < text.length && isValueChar(text.charCodeAt(valueEnd))) valueEnd++;
    if (valueEnd > valueStart) {
      found.start = keyStart === 0 ? 0 : keyStart - 1;
      found.keyStart = keyStart;
      found.keyEnd = keyEnd;
      found.valueStart = valueStart;
      found.valueEnd = valueEnd;
      return found;
    }
  }
  return undefined;
}

const AUTH_SCHEMES = /^(?:bearer|basic|token|digest)$/i;

/** Length of "[ \t]+credential" at i (the word after an authorization scheme), 0 when none. */
function afterScheme(text: string, i: number): [number, number] {
  let start = i;
  while (text.charCodeAt(start) === 32 || text.charCodeAt(start) === 9) start++;
  let end = start;
  while (end < text.length && isValueChar(text.charCodeAt(end))) end++;
  return start > i && end > start ? [start, end] : [0, 0];
}

export const labelledCredentials: Detector = {
  name: 'credential',
  reach: 96,
  needs: NEEDS_SEPARATOR,
  scan(text: string, out: Findings): void {
    // The value may itself be the next label ("a: b: c"): each search resumes at its start.
    for (let m = nextLabelledValue(text, 0); m !== undefined; m = nextLabelledValue(text, m.valueStart - 1)) {
      if (!SECRET_KEY_LAST.has(text.charAt(m.keyEnd - 1).toLowerCase()) || !isSecretKey(text.slice(m.keyStart, m.keyEnd))) continue;
      if (AUTH_SCHEMES.test(text.slice(m.valueStart, m.valueEnd))) {
        // "Authorization: Bearer xyz": the credential is the word after the scheme.
        const [start, end] = afterScheme(text, m.valueEnd);
        if (end > 0) out.add(start, end, SECRET);
        continue;
      }
      out.add(m.valueStart, m.valueEnd, SECRET);
    }
  },
};
