// Finding 1 of issue 17 (the app stalls): redaction must be linear in its input, provably.
// Every built-in pattern is proved free of super-linear backtracking by recheck's automaton
// checker; each scanner that runs in place of a pattern finds exactly the pattern's matches
// (random strings over the characters that matter, fixed seed), and is linear by construction.
import { check } from 'recheck';
import { describe, expect, it } from 'vitest';
import { EMAIL_PATTERN, nextEmail } from '../src/content/pii-email.js';
import { IBAN_PATTERN, nextIbanCandidate } from '../src/content/pii-iban.js';
import { NUMBER_RUN_PATTERN, nextNumberRun } from '../src/content/pii-numbers.js';
import { CREDENTIAL_PATTERN, nextLabelledValue } from '../src/content/pii-secrets.js';
import { BUILTIN_REDACTION_RULES } from '../src/index.js';

describe.concurrent('the built-in patterns are linear (recheck, automaton checker)', () => {
  for (const rule of BUILTIN_REDACTION_RULES) {
    it(`${rule.name}: /${rule.pattern.source.slice(0, 60)}…/`, async () => {
      const result = await check(rule.pattern.source, rule.pattern.flags, { checker: 'automaton', timeout: 240_000 });
      expect(result.status, JSON.stringify(result)).toBe('safe');
      if (result.status !== 'safe') return;
      expect(result.checker).toBe('automaton');
      expect(['constant', 'linear', 'safe']).toContain(result.complexity.type);
    }, 300_000);
  }
});

/** mulberry32: a small seeded generator, so every run checks the same strings. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function strings(alphabet: readonly string[], count: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    let s = '';
    const length = Math.floor(next() * 40);
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
    return s;
  });
}

/** Every code-point boundary of text: the places a search may resume from. */
function boundaries(text: string): number[] {
  const out = [0];
  for (const ch of text) out.push((out[out.length - 1] as number) + ch.length);
  return out;
}

function withIndices(re: RegExp): RegExp {
  return new RegExp(re.source, `${re.flags}d`);
}

type Span = readonly number[] | undefined;

function agree(alphabet: readonly string[], seed: number, pattern: RegExp, expected: (m: RegExpExecArray) => Span, actual: (text: string, from: number) => Span): void {
  const re = withIndices(pattern);
  let compared = 0;
  let matched = 0;
  for (const text of strings(alphabet, 4000, seed)) {
    for (const from of boundaries(text)) {
      re.lastIndex = from;
      const m = re.exec(text);
      expect(actual(text, from), `${JSON.stringify(text)} from ${from}`).toEqual(m ? expected(m) : undefined);
      compared++;
      if (m) matched++;
    }
  }
  expect(compared).toBeGreaterThan(40_000);
  expect(matched).toBeGreaterThan(500);
}

const end = (m: RegExpExecArray): number => m.index + m[0].length;
const group = (m: RegExpExecArray, g: number): [number, number] => m.indices?.[g] as [number, number];

describe('each scanner finds exactly its pattern\'s matches', { timeout: 60_000 }, () => {
  it('number runs', () => {
    agree(
      [...'0123456789', ' ', '.', '-', '(', ')', '+', 'X', 'x', 'a', '1', '2'],
      1,
      NUMBER_RUN_PATTERN,
      (m) => [m.index, end(m), (m[0].match(/\d/g) ?? []).length],
      (text, from) => {
        const run = nextNumberRun(text, from);
        return run && [run.start, run.end, run.digits];
      },
    );
  });
  it('e-mail addresses', () => {
    agree(
      ['a', 'Z', '1', 'é', 'ж', 'e\u0301', '中', '.', '-', '_', '+', '%', '@', '@', '＠', ' ', ':', '𝟘', '😀', '\ud800'],
      2,
      EMAIL_PATTERN,
      (m) => [group(m, 1)[0], group(m, 1)[1], end(m)],
      (text, from) => {
        const e = nextEmail(text, from);
        return e && [e.start, e.at, e.end];
      },
    );
  });
  it('IBANs', () => {
    agree(
      ['G', 'B', 'D', 'E', 'a', '1', '2', '8', '0', ' ', ' ', '-', 'GB82', 'DE89'],
      3,
      IBAN_PATTERN,
      (m) => group(m, 1),
      nextIbanCandidate,
    );
  });
  it('labelled credentials', () => {
    agree(
      ['a', 'K', '1', '_', '-', ' ', '\t', ':', '=', '：', '"', "'", ',', '密', '码', '令', '牌', 'x', '\u3000', 'key'],
      4,
      CREDENTIAL_PATTERN,
      (m) => [group(m, 1)[0], group(m, 1)[1], group(m, 2)[0], group(m, 2)[1]],
      (text, from) => {
        const c = nextLabelledValue(text, from);
        return c && [c.keyStart, c.keyEnd, c.valueStart, c.valueEnd];
      },
    );
  });
});
