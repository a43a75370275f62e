import { describe, expect, it } from 'vitest';
import { createRedactor, truncateJson, truncateText } from '../src/index.js';

/** No lone surrogate (what String.prototype.isWellFormed, ES2024, tells). */
function wellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

describe('redaction', () => {
  const redact = createRedactor(undefined);
  it('replaces e-mails, Luhn-valid cards, phones and API keys', () => {
    const out = redact('mail jane.doe@example.com, card 4111 1111 1111 1111, phone +1 415-555-0132, key sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6');
    expect(out).toBe('mail [EMAIL], card [CARD], phone [PHONE], key [SECRET]');
  });
  it('keeps numbers that are not cards, dates and order ids', () => {
    expect(redact('order 42 on 2024-07-18, ref 4111 1111 1111 1112')).toBe('order 42 on 2024-07-18, ref 4111 1111 1111 1112');
  });
  it('bearer tokens, AWS keys, Chinese mobiles, and a user hook after the rules', () => {
    const r = createRedactor({ hook: (t) => t.replace(/secret-project/g, '[PROJECT]') });
    expect(r('Authorization: Bearer abc.def-123456')).toBe('Authorization: Bearer [SECRET]');
    expect(r('AKIAABCDEFGHIJKLMNOP')).toBe('[SECRET]');
    expect(r('手机 13812345678')).toBe('手机 [PHONE]');
    expect(r('the secret-project')).toBe('the [PROJECT]');
  });
  it('builtIn false with no hook is the identity', () => {
    expect(createRedactor({ builtIn: false })('a@b.co')).toBe('a@b.co');
  });
});

describe('truncateText', () => {
  it('cuts to the limit with a mark, never inside a surrogate pair (issue 17, finding 6)', () => {
    expect(truncateText('abcdef', 4)).toBe('abc…');
    expect(truncateText('ab😀cd', 4)).toBe('ab…');
    expect(truncateText('ab😀cd', 5)).toBe('ab😀…');
    for (let n = 1; n < 12; n++) expect(wellFormed(truncateText('😀'.repeat(8), n))).toBe(true);
  });
});

describe('truncateJson', () => {
  it('caps strings and keys without splitting a surrogate pair', () => {
    for (let n = 10; n < 40; n++) {
      const out = truncateJson({ ['🔑'.repeat(10)]: '😀'.repeat(30) }, n);
      expect(out.length).toBeLessThanOrEqual(n);
      // JSON escapes a lone surrogate ("\ud83d"): look at what a reader gets back.
      for (const [key, value] of Object.entries(JSON.parse(out) as Record<string, string>)) {
        expect(wellFormed(key) && wellFormed(value), out).toBe(true);
      }
    }
  });
  it('stops reading a huge array once it cannot be exported', () => {
    const items = Array.from({ length: 1_000_000 }, (_, i) => i);
    const read = new Proxy(items, {
      get(target, key, receiver) {
        if (key === '999999') throw new Error('read past what can be exported');
        return Reflect.get(target, key, receiver);
      },
    });
    const out = truncateJson(read, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(JSON.parse(out)[0]).toBe(0);
  });
  it('keeps short values whole', () => {
    expect(truncateJson({ a: 'b' }, 100)).toBe('{"a":"b"}');
  });
  it('shortens strings, keeping valid JSON within the limit', () => {
    const value = [{ role: 'user', parts: [{ type: 'text', content: 'x'.repeat(5000) }] }];
    for (const limit of [80, 200, 1000]) {
      const out = truncateJson(value, limit);
      expect(out.length).toBeLessThanOrEqual(limit);
      const parsed = JSON.parse(out);
      expect(parsed[0].role).toBe('user');
    }
  });
  it('drops trailing items when structure alone is too long', () => {
    const value = Array.from({ length: 200 }, (_, i) => ({ role: 'user', i }));
    const out = truncateJson(value, 100);
    expect(out.length).toBeLessThanOrEqual(100);
    expect(Array.isArray(JSON.parse(out))).toBe(true);
  });
});
