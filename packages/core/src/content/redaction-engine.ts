// One pass of redaction over a bounded window: every detector reports findings on the
// original text, overlaps are resolved once (earliest start, then longest, then detector
// order), and the output is built in one go. Only the first `limit` characters are kept,
// and only `limit + reach` are ever scanned, so a 1 MB value costs what its export costs.

/** Where detectors report the spans to replace: flat arrays, no object per finding. */
export class Findings {
  private starts: Int32Array<ArrayBuffer> = new Int32Array(64);
  private ends: Int32Array<ArrayBuffer> = new Int32Array(64);
  private readonly replacements: string[] = [];
  /** Where each detector's findings begin (each detector reports in order of start). */
  readonly segments: number[] = [];
  segmentCount = 0;
  length = 0;

  add(start: number, end: number, replacement: string): void {
    if (this.length === this.starts.length) {
      this.starts = grown(this.starts);
      this.ends = grown(this.ends);
    }
    this.starts[this.length] = start;
    this.ends[this.length] = end;
    this.replacements[this.length] = replacement;
    this.length++;
  }

  /** The next detector's findings start here. */
  segment(): void {
    this.segments[this.segmentCount++] = this.length;
  }

  clear(): void {
    // Kept for the next call, but not at the size a huge input grew it to.
    if (this.starts.length > 4096) {
      this.starts = new Int32Array(64);
      this.ends = new Int32Array(64);
      this.replacements.length = 0;
    }
    this.length = 0;
    this.segmentCount = 0;
  }

  start(i: number): number {
    return this.starts[i] as number;
  }

  end(i: number): number {
    return this.ends[i] as number;
  }

  replacement(i: number): string {
    return this.replacements[i] as string;
  }

  /** Findings i and j in output order: earliest start, then longest (then the earlier detector). */
  before(i: number, j: number): boolean {
    const a = this.starts[i] as number;
    const b = this.starts[j] as number;
    return a < b || (a === b && (this.ends[i] as number) > (this.ends[j] as number));
  }
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** Characters a detector needs in the text to find anything (it is skipped otherwise). */
export const NEEDS_DIGIT = 1;
export const NEEDS_AT = 2;
export const NEEDS_SEPARATOR = 4;
export const NEEDS_UPPER = 8;

const DIGIT = /\d/;
const UPPER = /[A-Z]/;

/** Which of the characters detectors need the text holds (native searches, each at memchr speed). */
function present(text: string): number {
  let found = 0;
  if (DIGIT.test(text)) found |= NEEDS_DIGIT;
  if (UPPER.test(text)) found |= NEEDS_UPPER;
  if (text.indexOf('@') >= 0 || text.indexOf('＠') >= 0) found |= NEEDS_AT;
  if (text.indexOf(':') >= 0 || text.indexOf('=') >= 0 || text.indexOf('：') >= 0) found |= NEEDS_SEPARATOR;
  return found;
}

export interface Detector {
  readonly name: string;
  /**
   * The longest text this detector must see whole to recognise what starts before the cut:
   * the window is scanned this far past the last character kept.
   */
  readonly reach: number;
  /** NEEDS_* flags: every one of these characters must be in the text for a finding. */
  readonly needs?: number;
  /** Adds the findings in `text`, in order of start. Linear in text.length. */
  scan(text: string, out: Findings): void;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** text cut to at most n UTF-16 units without splitting a surrogate pair. */
export function cutAt(text: string, n: number): string {
  if (text.length <= n) return text;
  if (n <= 0) return '';
  return text.slice(0, isHighSurrogate(text.charCodeAt(n - 1)) ? n - 1 : n);
}

export function reachOf(detectors: readonly Detector[]): number {
  let reach = 0;
  for (const d of detectors) reach = Math.max(reach, d.reach);
  return reach;
}

/** The findings in output order: a merge of the detectors' ordered lists (a sort if one is not). */
function ordered(f: Findings): number[] {
  const order: number[] = [];
  const segments = [...f.segments.slice(0, f.segmentCount), f.length];
  const heads = segments.slice(0, -1);
  for (let s = 0; s < heads.length; s++) {
    for (let i = (segments[s] as number) + 1; i < (segments[s + 1] as number); i++) {
      if (f.before(i, i - 1)) {
        // Not in order (a user rule may report so): sort everything.
        const all = Array.from({ length: f.length }, (_, k) => k);
        return all.sort((a, b) => (f.before(a, b) ? -1 : f.before(b, a) ? 1 : a - b));
      }
    }
  }
  for (;;) {
    let best = -1;
    for (let s = 0; s < heads.length; s++) {
      const head = heads[s] as number;
      if (head < (segments[s + 1] as number) && (best < 0 || f.before(head, heads[best] as number))) best = s;
    }
    if (best < 0) return order;
    order.push(heads[best] as number);
    heads[best] = (heads[best] as number) + 1;
  }
}

/**
 * The first `limit` characters of text with every finding replaced (a finding that starts
 * before `limit` is replaced whole). Scans at most `limit + reach` characters.
 */
export function redactWindow(detectors: readonly Detector[], reach: number, text: string, limit: number): string {
  const windowEnd = Math.min(text.length, limit + reach);
  const window = cutAt(text, windowEnd);
  // One list for every call (a user's rule or hook that redacts in turn gets its own).
  const findings = spare ?? new Findings();
  spare = undefined;
  try {
    const has = present(window);
    for (const detector of detectors) {
      findings.segment();
      const needs = detector.needs ?? 0;
      if ((has & needs) === needs) detector.scan(window, findings);
    }
    const keep = Math.min(limit, text.length);
    if (findings.length === 0) return keep >= window.length ? window : cutAt(window, keep);
    let out = '';
    let pos = 0;
    for (const i of ordered(findings)) {
      const start = findings.start(i);
      if (start < pos) continue; // inside a longer or earlier finding
      if (start >= keep) break;
      out += window.slice(pos, start) + findings.replacement(i);
      pos = findings.end(i);
    }
    if (pos < keep) out += cutAt(window, keep).slice(pos);
    return out;
  } finally {
    findings.clear();
    spare = findings;
  }
}

let spare: Findings | undefined;
