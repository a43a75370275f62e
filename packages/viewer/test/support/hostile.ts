// Seeded generators of hostile values for property-style tests: the same seed gives the same
// cases, a failure prints its seed so it can be replayed.

/** A small deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

/** Strings meant to break things: markup, bidi and control characters, surrogates, lookalike keys. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  '\u202Egnp.exe',
  '\u2066isolate\u2069 \u200F\u200E\u061C',
  '\u0000\u0001\u0007\u001b[31mred\u001b[0m\u007f\u0085',
  '\uD800',
  '\uDFFF\uD800',
  'toString',
  '__proto__',
  'constructor',
  'a'.repeat(5000),
  '💥'.repeat(50),
  'line\nbreak\r\ttab',
  '{"role":"user"}',
  'null',
  '"quoted"',
  '\\',
  '%s%d%n',
  `$${'{'}alert(1)}`,
  '日本語のテキスト',
  'سلام',
];

/** Arbitrary JSON-like values (what a hostile exporter can put inside captured content). */
export function hostileJson(rand: () => number, depth = 0): unknown {
  const r = rand();
  if (depth > 4 || r < 0.35) {
    return pick(rand, [
      () => pick(rand, HOSTILE_STRINGS),
      () => Math.floor(rand() * 2 ** 53) * (rand() < 0.5 ? -1 : 1),
      () => rand() * 1e-300,
      () => 1e308,
      () => rand() < 0.5,
      () => null,
      () => 0,
      () => -0,
    ])();
  }
  if (r < 0.6) return Array.from({ length: Math.floor(rand() * 4) }, () => hostileJson(rand, depth + 1));
  const object: Record<string, unknown> = {};
  const keys = ['toString', 'valueOf', '__proto__', 'constructor', 'role', 'parts', 'type', 'content', 'name', 'id', 'arguments', 'response', 'finish_reason', pick(rand, HOSTILE_STRINGS)];
  for (let i = Math.floor(rand() * 5); i > 0; i--) {
    const key = pick(rand, keys);
    Object.defineProperty(object, key, { value: hostileJson(rand, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return object;
}
