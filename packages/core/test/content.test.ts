import { describe, expect, it } from 'vitest';
import { createRedactor, truncateJson } from '../src/index.js';

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

describe('truncateJson', () => {
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
