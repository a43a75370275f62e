// Character classes shared by a detector's pattern (its specification, checked by recheck)
// and its scanner (what runs): one definition, so the two cannot drift apart.

/** The source of a Unicode character class, and a fast membership test for one code point. */
export class CharClass {
  private readonly re: RegExp;
  /** 0 unknown, 1 member, 2 not: a lazily filled table of the BMP. */
  private bmp: Uint8Array | undefined;

  constructor(
    /** The inside of [...] in a `u` pattern. */
    readonly source: string,
  ) {
    this.re = new RegExp(`^[${source}]$`, 'u');
  }

  has(codePoint: number): boolean {
    if (codePoint < 0x10000) {
      this.bmp ??= new Uint8Array(0x10000);
      let known = this.bmp[codePoint];
      if (known === 0) {
        known = this.re.test(String.fromCharCode(codePoint)) ? 1 : 2;
        this.bmp[codePoint] = known;
      }
      return known === 1;
    }
    return this.re.test(String.fromCodePoint(codePoint));
  }
}

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

export function isAsciiAlnum(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** [A-Za-z0-9_]: JavaScript's \w. */
export function isWordChar(code: number): boolean {
  return isAsciiAlnum(code) || code === 95;
}

/** JavaScript's \s. */
export function isSpace(code: number): boolean {
  return (
    (code >= 9 && code <= 13) ||
    code === 32 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** The code point that ends just before index i, and its length in UTF-16 units (0 at the start). */
export function codePointBefore(text: string, i: number): [number, number] {
  if (i <= 0) return [-1, 0];
  const low = text.charCodeAt(i - 1);
  if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
    const high = text.charCodeAt(i - 2);
    if (high >= 0xd800 && high <= 0xdbff) return [(high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000, 2];
  }
  return [low, 1];
}

/** The code point at index i and its length in UTF-16 units (0 past the end). */
export function codePointAt(text: string, i: number): [number, number] {
  if (i >= text.length) return [-1, 0];
  const c = text.codePointAt(i) as number;
  return [c, c > 0xffff ? 2 : 1];
}
