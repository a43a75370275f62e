// A run of digit groups ("+86 138 1234 5678", "(415) 555-0132") read as groups, lazily and
// into a small ring: a run may hold half a million groups, and a detector only ever looks
// one group back and a few ahead of where it is.
import { isDigit, isWordChar } from './char-classes.js';

const X = 1; // ends with the X of a PRC ID
const PAREN = 2; // written in parentheses: "(415)", "(0)"
const GLUED = 4; // touches a letter or digit outside the run: never part of an item
const TAGGED = 8; // belongs to an identifier ("ORD-13800138000"): no phone, a checksum may still match

/** Groups kept: a detector reads at most one behind and eight ahead of its position. */
const RING = 32;

/** "-", "_" or "#" between a word and the number: an identifier's prefix or suffix. */
function isTagJoin(code: number): boolean {
  return code === 45 || code === 95 || code === 35;
}

function codeAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : -1;
}

// One ring for every run: runs are read one at a time, synchronously.
const STARTS = new Int32Array(RING);
const DIGIT_ENDS = new Int32Array(RING);
const FLAGS = new Uint8Array(RING);

export class DigitGroups {
  private readonly starts = STARTS;
  private readonly digitEnds = DIGIT_ENDS;
  private readonly flags = FLAGS;
  /** Groups read so far. */
  private parsed = 0;
  /** Where reading resumes. */
  private cursor: number;
  /** Marks of the groups hyphenated to a word before the run ("ORD-123-456"), while the chain lasts. */
  private headMark: number;
  /** Groups starting here or later are hyphenated to a word after the run. */
  private readonly tailFrom: number;
  private readonly tailGlued: boolean;

  constructor(
    readonly text: string,
    /** The run: its first character may be "+" or "(". */
    readonly runStart: number,
    readonly runEnd: number,
  ) {
    this.cursor = runStart;
    const before = codeAt(text, runStart - 1);
    const after = codeAt(text, runEnd);
    this.headMark = isWordChar(before) ? GLUED : isTagJoin(before) && isWordChar(codeAt(text, runStart - 2)) ? TAGGED : 0;
    this.tailGlued = isWordChar(after);
    this.tailFrom = this.tailGlued || (isTagJoin(after) && isWordChar(codeAt(text, runEnd + 1))) ? this.hyphenChainStart() : runEnd;
  }

  /** Start of the last group and of the groups hyphenated before it ("12-34-56" → 12). */
  private hyphenChainStart(): number {
    const { text, runStart } = this;
    let p = this.runEnd;
    if (codeAt(text, p - 1) === 41) p--; // ")"
    let start = p;
    for (;;) {
      if (codeAt(text, p - 1) === 88 || codeAt(text, p - 1) === 120) p--;
      while (p > runStart && isDigit(codeAt(text, p - 1))) p--;
      start = p;
      if (codeAt(text, p - 1) !== 45 || p - 1 <= runStart || !isDigit(codeAt(text, p - 2))) return start;
      p--;
    }
  }

  private readNext(): boolean {
    const { text, runEnd } = this;
    let i = this.cursor;
    while (i < runEnd && !isDigit(text.charCodeAt(i))) i++;
    if (i >= runEnd) return false;
    let j = i;
    while (j < runEnd && isDigit(text.charCodeAt(j))) j++;
    const c = codeAt(text, j);
    const x = j < runEnd && (c === 88 || c === 120);
    const end = x ? j + 1 : j;
    let flags = (x ? X : 0) | (codeAt(text, i - 1) === 40 && codeAt(text, end) === 41 ? PAREN : 0);
    // The chain of groups hyphenated to a word before the run.
    if (this.headMark !== 0) {
      if (this.parsed > 0 && !(i - 1 === this.cursor && text.charCodeAt(this.cursor) === 45)) this.headMark = 0;
      flags |= this.parsed === 0 ? this.headMark : this.headMark === 0 ? 0 : TAGGED;
    }
    if (i >= this.tailFrom) flags |= this.tailGlued && end >= runEnd - (codeAt(text, runEnd - 1) === 41 ? 1 : 0) ? GLUED : TAGGED;
    const slot = this.parsed % RING;
    this.starts[slot] = i;
    this.digitEnds[slot] = j;
    this.flags[slot] = flags;
    this.parsed++;
    this.cursor = end;
    return true;
  }

  /** Whether group i exists (reading up to it). */
  has(i: number): boolean {
    while (this.parsed <= i && this.readNext());
    return i < this.parsed;
  }

  /** Digits in group i (0 past the end). */
  size(i: number): number {
    return this.has(i) ? (this.digitEnds[i % RING] as number) - (this.starts[i % RING] as number) : 0;
  }

  digits(i: number): string {
    return this.has(i) ? this.text.slice(this.starts[i % RING], this.digitEnds[i % RING]) : '';
  }

  /** The digit at offset k of group i, as a number. */
  digitAt(i: number, k: number): number {
    return this.has(i) ? codeAt(this.text, (this.starts[i % RING] as number) + k) - 48 : -1;
  }

  /** What stands between group i-1 and group i ("" past the end; "+", "(" … before the first). */
  joiner(i: number): string {
    if (!this.has(i)) return '';
    return this.text.slice(i === 0 ? this.runStart : this.end(i - 1), this.starts[i % RING]);
  }

  start(i: number): number {
    return this.has(i) ? (this.starts[i % RING] as number) : this.runEnd;
  }

  /** End of group i, after its X if it has one. */
  end(i: number): number {
    return this.has(i) ? (this.digitEnds[i % RING] as number) + (this.hasX(i) ? 1 : 0) : this.runEnd;
  }

  private flag(i: number, mask: number): boolean {
    return this.has(i) && ((this.flags[i % RING] as number) & mask) !== 0;
  }

  hasX(i: number): boolean {
    return this.flag(i, X);
  }

  paren(i: number): boolean {
    return this.flag(i, PAREN);
  }

  glued(i: number): boolean {
    return this.flag(i, GLUED);
  }

  /** Group i exists and may be part of a phone number: no X, not part of a word. */
  phoneUsable(i: number): boolean {
    return this.has(i) && !this.flag(i, X | GLUED | TAGGED);
  }

  /** Groups i..i+k-1 exist, none with an X or part of a word (a checksum decides). */
  plain(i: number, k: number): boolean {
    for (let g = i; g < i + k; g++) if (!this.has(g) || this.flag(g, X | GLUED)) return false;
    return true;
  }
}
