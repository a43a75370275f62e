// The sliced JSON parser returns exactly what JSON.parse returns, rejects what it rejects, bounds
// depth, and gives the event loop back while it parses a big body.
import { describe, expect, it } from 'vitest';
import { PayloadError } from '../src/ingest-span.js';
import { parseJsonSliced } from '../src/json-sliced.js';
import { Slicer } from '../src/slicer.js';
import { hostileJson, pick, random } from './support/hostile.js';

const parse = (text: string, depth = 512) => parseJsonSliced(Buffer.from(text), new Slicer(), depth);

/** Deep equality that sees own `__proto__` keys, key order, prototypes and -0. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return Object.is(a, b);
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.join('\0') !== kb.join('\0')) return false;
  return ka.every((k) => same(Object.getOwnPropertyDescriptor(a, k)?.value, Object.getOwnPropertyDescriptor(b, k)?.value));
}

describe('parseJsonSliced', () => {
  it('agrees with JSON.parse on generated values (500 seeds)', async () => {
    for (let seed = 1; seed <= 500; seed++) {
      const rand = random(seed);
      const text = JSON.stringify(hostileJson(rand), null, rand() < 0.5 ? 2 : undefined) ?? 'null';
      const expected = JSON.parse(text);
      const actual = await parse(text);
      expect(same(actual, expected), `seed ${seed}: ${text}`).toBe(true);
    }
  });

  it('rejects what JSON.parse rejects', async () => {
    const bad = ['', '{', '[1,]', '{"a":1,}', '{"a" 1}', '01', '1.', '.5', '+1', 'tru', 'nul', '"\u0001"', '"a', '[1 2]', '{} {}', '"\\x"', '{a:1}', "'a'", 'NaN', '[-]'];
    for (const text of bad) {
      expect(() => JSON.parse(text), text).toThrow();
      await expect(parse(text), text).rejects.toBeInstanceOf(PayloadError);
    }
  });

  it('accepts escapes, unicode and numbers JSON.parse accepts', async () => {
    const rand = random(7);
    const texts = ['"\\u00e9\\n\\"\\\\\\/"', '"\\ud83d\\ude00"', '-0', '1e-7', '12.5E+3', '[]', '{}', ' [ 1 , { "a" : [ ] } ] ', '"日本"'];
    for (let i = 0; i < 50; i++) texts.push(JSON.stringify(pick(rand, [rand() * 1e20, -rand(), 2 ** 63, 5e-324])));
    for (const text of texts) expect(same(await parse(text), JSON.parse(text)), text).toBe(true);
  });

  it('refuses nesting beyond the limit with a PayloadError, at any depth of input', async () => {
    await expect(parse('['.repeat(65) + ']'.repeat(65), 64)).rejects.toThrow(/nested deeper than 64 levels/);
    await expect(parse('['.repeat(64) + ']'.repeat(64), 64)).resolves.toBeDefined();
    await expect(parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, 64)).rejects.toThrow(PayloadError);
  });

  it('pauses while it parses a big body', async () => {
    const text = `[${Array(300_000).fill('{}').join(',')}]`;
    const slicer = new Slicer(1);
    const value = await parseJsonSliced(Buffer.from(text), slicer, 64);
    expect((value as unknown[]).length).toBe(300_000);
    expect(slicer.yields).toBeGreaterThan(0);
  });
});
