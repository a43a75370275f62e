// A JSON parser that gives the event loop back while it works: JSON.parse of an 8 MiB body
// shaped like `[{},{},…]` holds the loop for seconds. Iterative (an explicit stack, so depth is
// bounded by a limit, not by the call stack) and producing exactly what JSON.parse produces.
// It reads the body decoded once to a string: substrings of it are cheap (no copy).
import { PayloadError } from './ingest-span.js';
import type { Slicer } from './slicer.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

type Container = Record<string, unknown> | unknown[];

/** Parser states: what the next token may be. */
const EXPECT_VALUE = 0;
const EXPECT_ARRAY_VALUE_OR_END = 1;
const EXPECT_ARRAY_COMMA_OR_END = 2;
const EXPECT_OBJECT_KEY_OR_END = 3;
const EXPECT_OBJECT_COMMA_OR_END = 4;

function fail(pos: number, what: string): never {
  throw new PayloadError(`invalid JSON at character ${pos}: ${what}`);
}

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): number {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else return Number.isNaN(c) ? -1 : c;
    }
  }

  /** A string starting at the opening quote. */
  string(): string {
    const { text } = this;
    const start = this.pos + 1;
    let i = start;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) break;
      if (Number.isNaN(c)) fail(this.pos, 'unterminated string');
      if (c < 0x20) fail(i, 'control character in string');
      if (c === BACKSLASH) {
        escaped = true;
        i += 2;
      } else i += 1;
    }
    this.pos = i + 1;
    if (!escaped) return text.slice(start, i);
    try {
      return JSON.parse(text.slice(start - 1, i + 1)) as string;
    } catch {
      return fail(start - 1, 'bad escape in string');
    }
  }

  number(): number {
    const { text } = this;
    const start = this.pos;
    let i = start;
    for (;;) {
      const c = text.charCodeAt(i);
      // digits, '-', '+', '.', 'e', 'E'
      if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45) i++;
      else break;
    }
    const token = text.slice(start, i);
    if (!NUMBER.test(token)) fail(start, `bad number "${token.slice(0, 40)}"`);
    this.pos = i;
    return Number(token);
  }

  literal(word: string, value: unknown): unknown {
    if (!this.text.startsWith(word, this.pos)) fail(this.pos, 'unexpected token');
    this.pos += word.length;
    return value;
  }
}

/**
 * Parses `buf` (UTF-8 JSON) into the value JSON.parse would return, pausing whenever the
 * slicer says so. Throws PayloadError on bad JSON or nesting deeper than maxDepth.
 */
export async function parseJsonSliced(buf: Buffer, slicer: Slicer, maxDepth: number): Promise<unknown> {
  const c = new Cursor(buf.toString('utf8'));
  const stack: Container[] = [];
  const keys: string[] = [];
  let expect = EXPECT_VALUE;
  let result: unknown;
  for (;;) {
    if (slicer.due()) await slicer.pause();
    const code = c.skipSpace();
    let value: unknown;
    if (expect === EXPECT_VALUE) {
      if (code === 0x7b /* { */ || code === 0x5b /* [ */) {
        if (stack.length >= maxDepth) fail(c.pos, `nested deeper than ${maxDepth} levels`);
        c.pos++;
        if (code === 0x7b) {
          stack.push({});
          keys.push('');
          expect = EXPECT_OBJECT_KEY_OR_END;
        } else {
          stack.push([]);
          expect = EXPECT_ARRAY_VALUE_OR_END;
        }
        continue;
      }
      if (code === QUOTE) value = c.string();
      else if (code === 0x2d || (code >= 0x30 && code <= 0x39)) value = c.number();
      else if (code === 0x74) value = c.literal('true', true);
      else if (code === 0x66) value = c.literal('false', false);
      else if (code === 0x6e) value = c.literal('null', null);
      else fail(c.pos, code === -1 ? 'unexpected end of input' : 'unexpected token');
    } else if (expect === EXPECT_ARRAY_VALUE_OR_END || expect === EXPECT_ARRAY_COMMA_OR_END) {
      if (code === 0x5d /* ] */) {
        c.pos++;
        value = stack.pop();
      } else {
        if (expect === EXPECT_ARRAY_COMMA_OR_END) {
          if (code !== 0x2c /* , */) fail(c.pos, "expected ',' or ']'");
          c.pos++;
        }
        expect = EXPECT_VALUE;
        continue;
      }
    } else if (code === 0x7d /* } */) {
      c.pos++;
      keys.pop();
      value = stack.pop();
    } else {
      if (expect === EXPECT_OBJECT_COMMA_OR_END) {
        if (code !== 0x2c) fail(c.pos, "expected ',' or '}'");
        c.pos++;
        if (c.skipSpace() !== QUOTE) fail(c.pos, 'expected a key');
      } else if (code !== QUOTE) fail(c.pos, "expected a key or '}'");
      keys[keys.length - 1] = c.string();
      if (c.skipSpace() !== 0x3a /* : */) fail(c.pos, "expected ':'");
      c.pos++;
      expect = EXPECT_VALUE;
      continue;
    }
    // A value is complete: it goes into its container, or it is the result.
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      result = value;
      break;
    }
    if (Array.isArray(parent)) {
      parent.push(value);
      expect = EXPECT_ARRAY_COMMA_OR_END;
    } else {
      const key = keys[keys.length - 1] as string;
      // As JSON.parse: `__proto__` is an own property, not the prototype.
      if (key === '__proto__') Object.defineProperty(parent, key, { value, writable: true, enumerable: true, configurable: true });
      else parent[key] = value;
      expect = EXPECT_OBJECT_COMMA_OR_END;
    }
  }
  if (c.skipSpace() !== -1) fail(c.pos, 'unexpected data after the value');
  return result;
}
