// Finding 4 of issue 17 (PII leaks with capture on): each kind the built-in detectors take,
// written the ways people write it, and the look-alikes that must survive.
import { describe, expect, it } from 'vitest';
import { isCardNumber, isIban, isPrcResidentId } from '../src/content/checksums.js';
import { createRedactor } from '../src/index.js';

const redact = createRedactor();

describe('the leaks of issue 17, finding 4', () => {
  it.each([
    ['PRC resident ID, check digit X', '身份证 11010519491231002X', '身份证 [ID]'],
    ['E.164, China', 'call +8613800138000', 'call [PHONE]'],
    ['E.164, UK', 'call +447911123456', 'call [PHONE]'],
    ['two phones separated by a space', '138-1234-5678 139-8765-4321', '[PHONE] [PHONE]'],
    ['US SSN', 'SSN 078-05-1120', 'SSN [SSN]'],
    ['IDN e-mail', 'write to josé@exämple.com', 'write to [EMAIL]'],
    ['+86 with spaces is one phone, not +[CARD]', '+86 138 1234 5678', '[PHONE]'],
  ])('%s', (_kind, text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});

describe('phones', () => {
  it.each([
    ['13800138000', '[PHONE]'],
    ['手机13800138000', '手机[PHONE]'],
    ['138 1234 5678', '[PHONE]'],
    ['138-1234-5678', '[PHONE]'],
    ['8613800138000', '[PHONE]'],
    ['+86 (010) 1234 5678', '[PHONE]'],
    ['0086 138 1234 5678', '[PHONE]'],
    ['010-12345678', '[PHONE]'],
    ['(0755) 1234 5678', '[PHONE]'],
    ['(415) 555-0132', '[PHONE]'],
    ['415-555-0132', '[PHONE]'],
    ['415.555.0132', '[PHONE]'],
    ['1-415-555-0132', '[PHONE]'],
    ['+1 (415) 555-0132', '[PHONE]'],
    ['+14155550132', '[PHONE]'],
    ['+44 (0) 7911 123456', '[PHONE]'],
    ['07911 123456', '[PHONE]'],
    ['06 12 34 56 78', '[PHONE]'],
    ['090-1234-5678', '[PHONE]'],
    ['03-1234-5678', '[PHONE]'],
    ['138 1234 5678 139 8765 4321', '[PHONE] [PHONE]'],
    ['+1 415 555 0132 2024', '[PHONE] 2024'],
    ['+86 138 1234 5678 139 8765 4321', '[PHONE] [PHONE]'],
    ['13800138000@163.com', '[EMAIL]'],
  ])('%s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});

describe('cards, IDs, SSNs, IBANs: checksums decide', () => {
  it.each([
    ['4111 1111 1111 1111', '[CARD]'],
    ['4111-1111-1111-1111', '[CARD]'],
    ['4111111111111111', '[CARD]'],
    ['5555555555554444', '[CARD]'],
    ['3782 822463 10005', '[CARD]'],
    ['6212 3456 7890 1234 567', '6212 3456 7890 1234 567'], // UnionPay layout, Luhn fails
    ['card-4111111111111111', 'card-[CARD]'],
    ['110105 19491231 002X', '[ID]'],
    ['110105194912310021', '110105194912310021'], // check digit wrong
    ['078 05 1120', '[SSN]'],
    ['666-12-3456', '666-12-3456'], // never issued
    ['GB82 WEST 1234 5698 7654 32', '[IBAN]'],
    ['DE89370400440532013000', '[IBAN]'],
    ['DE89370400440532013001', 'DE89370400440532013001'],
  ])('%s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });
  it('the checksums', () => {
    expect(isPrcResidentId('11010519491231002X')).toBe(true);
    expect(isPrcResidentId('11010519491331002X')).toBe(false); // month 13
    expect(isCardNumber('4111111111111111')).toBe(true);
    expect(isCardNumber('1111111111111111')).toBe(false); // no scheme starts with 1
    expect(isIban('GB82WEST12345698765432')).toBe(true);
    expect(isIban('GB82WEST12345698765433')).toBe(false);
  });
});

describe('e-mail', () => {
  it.each([
    ['jane.doe+tag@example.co.uk', '[EMAIL]'],
    ['联系我jane@example.com中文', '联系我[EMAIL]中文'],
    ['mail: jane@例子.中国', 'mail: [EMAIL]'],
    ['jane＠example.com', '[EMAIL]'],
    ['Иван@пример.рф', '[EMAIL]'],
    ['end of sentence: jane@example.com.', 'end of sentence: [EMAIL].'],
    ['...jane@example.com', '...[EMAIL]'],
    ['user@localhost', 'user@localhost'],
    ['npm i @scope/pkg@1.2.3', 'npm i @scope/pkg@1.2.3'],
  ])('%s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});

describe('secrets', () => {
  it.each([
    ['key sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6', 'key [SECRET]'],
    ['sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345', '[SECRET]'],
    ['AKIAABCDEFGHIJKLMNOP', '[SECRET]'],
    ['ghp_abcdefghijklmnopqrstuvwxyz0123456789', '[SECRET]'],
    ['AIzaSyA1234567890abcdefghijklmnopqrstuv', '[SECRET]'],
    ['xoxb-1234567890-abcdefghij', '[SECRET]'],
    ['LTAI5tAbCdEfGhIjKlMn', '[SECRET]'],
    ['eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', '[SECRET]'],
    ['Authorization: Bearer abc.def-123456', 'Authorization: Bearer [SECRET]'],
    ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: Basic [SECRET]'],
    ['password=hunter2&user=jane', 'password=[SECRET]&user=jane'],
    ['DB_PASSWORD: "s3cr3t!"', 'DB_PASSWORD: "[SECRET]"'],
    ['{"api_key": "abc123def456"}', '{"api_key": "[SECRET]"}'],
    ['密码：abc12345', '密码：[SECRET]'],
    ['Bearer token authentication', 'Bearer token authentication'],
    ['max_tokens: 1024, task-skeleton', 'max_tokens: 1024, task-skeleton'],
    ['skill sky skip sk-short', 'skill sky skip sk-short'],
  ])('%s', (text, expected) => {
    expect(redact(text)).toBe(expected);
  });
});

describe('what must survive', () => {
  it.each([
    'order 42 on 2024-07-18, ref 4111 1111 1111 1112',
    'order ORD-13800138000 shipped, invoice INV-2024-000123, Amazon 112-1234567-1234567',
    'uuid 550e8400-e29b-41d4-a716-446655440000 trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7',
    'at 1721292000 (1721292000123 ms), 2024-07-18T12:34:56.789Z, 05.06.2024 10:30',
    'price $1,299.99, ¥13,800.00, €1.380,00, 0.13800138000 BTC',
    'node v20.11.1, build 10.0.19045.2965, 192.168.100.123, 1.2.3',
    '订单号 202407181234567890，快递单号 SF1234567890123',
    'snowflake 1547245369815322624, nanoseconds 1721292000123456789',
  ])('%s', (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe('limits', () => {
  it('a finding that starts before the limit is replaced whole; nothing after the limit is returned', () => {
    const text = 'call 13800138000 now and later';
    expect(redact(text, 8)).toBe('call [PHONE]');
    expect(redact(text, 5)).toBe('call ');
    expect(redact('a😀b', 2)).toBe('a');
  });
});
