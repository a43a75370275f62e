// A JSON parser that gives the event loop back while it works: JSON.parse of an 8 MiB body
// shaped like `[{},{},…]` holds the loop for seconds. Iterative (an explicit stack, so depth is
// bounded by a limit, not by the call stack) and producing exactly what JSON.parse produces.
import { PayloadError } from './ingest-span.js';
import type { Slicer } from './slicer.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

type Container = Record<string, unknown> | unknown[];

/** Parser states: what the next token may be. */
enum Expect {
  Value,
  ArrayValueOrEnd,
  ArrayCommaOrEnd,
  ObjectKeyOrEnd,
  ObjectCommaOrEnd,
}

function fail(pos: number, what: string): never {
  throw new PayloadError(`invalid JSON at byte ${pos}: ${what}`);
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Sets a key as JSON.parse does: `__proto__` becomes an own property, not the prototype. */
function setKey(object: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else object[key] = value;
}

class Cursor {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  skipSpace(): number {
    const { buf } = this;
    while (this.pos < buf.length && isSpace(buf[this.pos] as number)) this.pos++;
    return this.pos < buf.length ? (buf[this.pos] as number) : -1;
  }

  /** A string starting at the opening quote. */
  string(): string {
    const { buf } = this;
    const start = this.pos + 1;
    let i = start;
    let escaped = false;
    for (;;) {
      if (i >= buf.length) fail(this.pos, 'unterminated string');
      const byte = buf[i] as number;
      if (byte === QUOTE) break;
      if (byte < 0x20) fail(i, 'control character in string');
      if (byte === BACKSLASH) {
        escaped = true;
        i += 2;
      } else i += 1;
    }
    this.pos = i + 1;
    if (!escaped) return buf.toString('utf8', start, i);
    try {
      return JSON.parse(buf.toString('utf8', start - 1, i + 1)) as string;
    } catch {
      return fail(start - 1, 'bad escape in string');
    }
  }

  number(): number {
    const { buf } = this;
    const start = this.pos;
    let i = start;
    while (i < buf.length) {
      const byte = buf[i] as number;
      // digits, '-', '+', '.', 'e', 'E'
      if ((byte >= 0x30 && byte <= 0x39) || byte === 0x2d || byte === 0x2b || byte === 0x2e || byte === 0x65 || byte === 0x45) i++;
      else break;
    }
    const text = buf.toString('latin1', start, i);
    if (!NUMBER.test(text)) fail(start, `bad number "${text.slice(0, 40)}"`);
    this.pos = i;
    return Number(text);
  }

  literal(word: string, value: unknown): unknown {
    if (this.buf.toString('latin1', this.pos, this.pos + word.length) !== word) fail(this.pos, 'unexpected token');
    this.pos += word.length;
    return value;
  }
}

/**
 * Parses `buf` (UTF-8 JSON) into the value JSON.parse would return, pausing whenever the
 * slicer says so. Throws PayloadError on bad JSON or nesting deeper than maxDepth.
 */
export async function parseJsonSliced(buf: Buffer, slicer: Slicer, maxDepth: number): Promise<unknown> {
  const c = new Cursor(buf);
  const stack: Container[] = [];
  const keys: string[] = [];
  let expect = Expect.Value;
  let result: unknown;
  for (;;) {
    if (slicer.due()) await slicer.pause();
    const byte = c.skipSpace();
    let value: unknown;
    let produced = false;
    switch (expect) {
      case Expect.ArrayValueOrEnd:
      case Expect.ArrayCommaOrEnd:
        if (byte === 0x5d /* ] */) {
          c.pos++;
          value = stack.pop();
          produced = true;
          break;
        }
        if (expect === Expect.ArrayCommaOrEnd) {
          if (byte !== 0x2c /* , */) fail(c.pos, "expected ',' or ']'");
          c.pos++;
        }
        expect = Expect.Value;
        continue;
      case Expect.ObjectKeyOrEnd:
      case Expect.ObjectCommaOrEnd: {
        if (byte === 0x7d /* } */) {
          c.pos++;
          keys.pop();
          value = stack.pop();
          produced = true;
          break;
        }
        if (expect === Expect.ObjectCommaOrEnd) {
          if (byte !== 0x2c) fail(c.pos, "expected ',' or '}'");
          c.pos++;
          if (c.skipSpace() !== QUOTE) fail(c.pos, 'expected a key');
        } else if (byte !== QUOTE) fail(c.pos, "expected a key or '}'");
        keys[keys.length - 1] = c.string();
        if (c.skipSpace() !== 0x3a /* : */) fail(c.pos, "expected ':'");
        c.pos++;
        expect = Expect.Value;
        continue;
      }
      case Expect.Value:
        if (byte === 0x7b /* { */ || byte === 0x5b /* [ */) {
          if (stack.length >= maxDepth) fail(c.pos, `nested deeper than ${maxDepth} levels`);
          c.pos++;
          if (byte === 0x7b) {
            stack.push({});
            keys.push('');
            expect = Expect.ObjectKeyOrEnd;
          } else {
            stack.push([]);
            expect = Expect.ArrayValueOrEnd;
          }
          continue;
        }
        if (byte === QUOTE) value = c.string();
        else if (byte === 0x2d || (byte >= 0x30 && byte <= 0x39)) value = c.number();
        else if (byte === 0x74) value = c.literal('true', true);
        else if (byte === 0x66) value = c.literal('false', false);
        else if (byte === 0x6e) value = c.literal('null', null);
        else fail(c.pos, byte === -1 ? 'unexpected end of input' : 'unexpected token');
        produced = true;
        break;
    }
    if (!produced) continue;
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      result = value;
      break;
    }
    if (Array.isArray(parent)) {
      parent.push(value);
      expect = Expect.ArrayCommaOrEnd;
    } else {
      setKey(parent, keys[keys.length - 1] as string, value);
      expect = Expect.ObjectCommaOrEnd;
    }
  }
  if (c.skipSpace() !== -1) fail(c.pos, 'unexpected data after the value');
  return result;
}
