// The PII corpus of issue 17: generated positives of every kind the built-in detectors take,
// written the ways people write them, in English and Chinese sentences, and generated
// look-alikes that must survive (order ids, timestamps, prices, UUIDs, trace and span ids,
// dates, versions …). Prints recall and false positives per kind; the thresholds below are
// the figures measured when the detectors were written, so a regression fails here.
import { describe, expect, it } from 'vitest';
import { luhn, mod97Step } from '../src/content/checksums.js';
import { createRedactor } from '../src/index.js';

const redact = createRedactor();

/** mulberry32: a small seeded generator; every run sees the same corpus. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = seeded(17);
const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
const digits = (n: number): string => Array.from({ length: n }, () => int(0, 9)).join('');
const hex = (n: number): string => Array.from({ length: n }, () => '0123456789abcdef'[int(0, 15)]).join('');
const pad = (n: number, width: number): string => String(n).padStart(width, '0');

// ---- positives ----
function prcId(): string {
  const region = pick(['110105', '310101', '440305', '510104', '330106', '420111', '500103', '650102', '120101', '370202']);
  const birth = `${int(1950, 2012)}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}`;
  const body = region + birth + digits(3);
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * (weights[i] as number);
  const id = body + '10X98765432'[sum % 11];
  return pick([id, id, id.toLowerCase(), `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}`]);
}

function card(): string {
  const [prefix, length] = pick([
    ['4', 16],
    ['51', 16],
    ['55', 16],
    ['2221', 16],
    ['34', 15],
    ['37', 15],
    ['62', 16],
    ['62', 19],
    ['3530', 16],
    ['6011', 16],
  ] as const);
  const body = prefix + digits(length - prefix.length - 1);
  const number = body + [...'0123456789'].find((d) => luhn(body + d));
  if (length === 15) return pick([number, `${number.slice(0, 4)} ${number.slice(4, 10)} ${number.slice(10)}`]);
  if (length === 19) return pick([number, `${number.slice(0, 4)} ${number.slice(4, 8)} ${number.slice(8, 12)} ${number.slice(12, 16)} ${number.slice(16)}`]);
  const groups = number.match(/.{4}/g) as string[];
  return pick([number, groups.join(' '), groups.join('-')]);
}

function phone(): string {
  const mobile = `1${pick(['3', '5', '7', '8', '9'])}${digits(9)}`;
  const us = `${int(2, 9)}${digits(2)}`;
  const exchange = `${int(2, 9)}${digits(2)}`;
  const line = digits(4);
  const uk = `7${digits(3)}`;
  return pick([
    mobile,
    `${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`,
    `${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`,
    `+86${mobile}`,
    `+86 ${mobile.slice(0, 3)} ${mobile.slice(3, 7)} ${mobile.slice(7)}`,
    `0086 ${mobile}`,
    `010-${int(2, 8)}${digits(7)}`,
    `0755-${int(2, 8)}${digits(7)}`,
    `(021) ${int(2, 8)}${digits(3)} ${digits(4)}`,
    `(${us}) ${exchange}-${line}`,
    `${us}-${exchange}-${line}`,
    `${us}.${exchange}.${line}`,
    `+1 ${us} ${exchange} ${line}`,
    `+1${us}${exchange}${line}`,
    `1-${us}-${exchange}-${line}`,
    `+44 ${uk} ${digits(6)}`,
    `0${uk} ${digits(6)}`,
    `+44${uk}${digits(6)}`,
    `06 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
    `+33 6 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
    `090-${digits(4)}-${digits(4)}`,
    `03-${digits(4)}-${digits(4)}`,
    `+81 90 ${digits(4)} ${digits(4)}`,
    `+49 30 ${int(2, 9)}${digits(7)}`,
    `030 ${int(2, 9)}${digits(7)}`,
    `${us}${exchange}${line}`, // bare 10 digits: not taken, on purpose (order ids look the same)
  ]);
}

function ssn(): string {
  let area = int(1, 899);
  if (area === 666) area = 667;
  return `${pad(area, 3)}-${pad(int(1, 99), 2)}-${pad(int(1, 9999), 4)}`;
}

function iban(): string {
  const letters = (n: number): string => Array.from({ length: n }, () => String.fromCharCode(int(65, 90))).join('');
  const [country, bban] = pick([
    ['GB', `${letters(4)}${digits(14)}`],
    ['DE', digits(18)],
    ['FR', `${digits(10)}${letters(1)}${digits(10)}${digits(2)}`],
    ['ES', digits(20)],
    ['IT', `${letters(1)}${digits(10)}${digits(12)}`],
    ['NL', `${letters(4)}${digits(10)}`],
  ] as const);
  let rest = 0;
  for (const c of `${bban}${country}00`) rest = mod97Step(rest, c.charCodeAt(0));
  const compact = `${country}${pad(98 - rest, 2)}${bban}`;
  return pick([compact, (compact.match(/.{1,4}/g) as string[]).join(' ')]);
}

function email(): string {
  const local = pick([`${pick(['jane', 'li.wei', 'zhang_san', 'o.brien', 'dev+alerts'])}${pick(['', digits(2)])}`, `user${digits(6)}`]);
  return pick([
    `${local}@${pick(['example.com', 'qq.com', '163.com', 'corp.example.co.uk', 'mail.example.org'])}`,
    `${local}＠qq.com`,
    pick(['josé@exämple.com', 'müller@bücher.de', 'Иван@пример.рф', 'user@例子.中国']),
    `${digits(9)}@qq.com`,
  ]);
}

function secret(): string {
  const alnum = (n: number): string => Array.from({ length: n }, () => pick([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'])).join('');
  return pick([
    `sk-proj-${alnum(48)}`,
    `sk-ant-api03-${alnum(40)}`,
    `AKIA${alnum(16).toUpperCase()}`,
    `ghp_${alnum(36)}`,
    `AIza${alnum(35)}`,
    `xoxb-${digits(11)}-${alnum(24)}`,
    `LTAI${alnum(20)}`,
    `eyJhbGciOiJIUzI1NiJ9.eyJ${alnum(40)}.${alnum(43)}`,
  ]);
}

// Secrets keep their label ("password=[SECRET]"): written as label and value.
function labelledSecret(): [string, string] {
  const value = `${pick(['hunter', 'P@ss', 's3cr3t', 'abc'])}${digits(4)}`;
  const label = pick(['password=', 'api_key: ', 'Authorization: Bearer ', 'DB_PASSWORD="', '密码：', 'client_secret=']);
  return [`${label}${value}`, `${label}[SECRET]`];
}

// ---- negatives ----
const NEGATIVES: Record<string, () => string> = {
  'order id': () =>
    pick([
      `ORD-${digits(int(6, 10))}`,
      `${digits(3)}-${digits(7)}-${digits(7)}`,
      `2024${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}${digits(10)}`,
      `#${int(1000, 999999)}`,
      `${int(1, 9)}${digits(11)}`,
      `SO${digits(8)}`,
    ]),
  timestamp: () => pick([`17${digits(8)}`, `17${digits(11)}`, `17${digits(14)}`, `17${digits(17)}`]),
  price: () => pick([`$${int(1, 99)},${digits(3)}.${digits(2)}`, `¥${int(1, 99)},${digits(3)}.00`, `€ ${int(1, 9)}.${digits(3)},${digits(2)}`, `${int(100, 99999)}元`, `USD ${digits(5)}.${digits(2)}`]),
  uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`,
  'trace id': () => hex(32),
  'span id': () => hex(16),
  'date and time': () =>
    pick([
      `2024-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`,
      `2024-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}T${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}.${digits(3)}Z`,
      `2024/${pad(int(1, 12), 2)}/${pad(int(1, 28), 2)} ${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}`,
      `${pad(int(1, 28), 2)}.${pad(int(1, 12), 2)}.2024 ${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}`,
      `${pad(int(1, 12), 2)}/${pad(int(1, 28), 2)}/2024`,
    ]),
  version: () => pick([`${int(0, 30)}.${int(0, 30)}.${int(0, 99)}`, `v${int(10, 24)}.${int(0, 20)}.${int(0, 9)}`, `10.0.${int(10000, 26000)}.${int(1000, 9999)}`]),
  'ip address': () => pick([`${int(1, 254)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, `2001:db8::${hex(4)}:${hex(4)}`]),
  'other number': () =>
    pick([
      `978-${int(0, 9)}-${digits(2)}-${digits(6)}-${int(0, 9)}`,
      `${int(1, 99)}.${digits(2)}%`,
      `${int(10, 80)}.${digits(4)}, ${int(100, 170)}.${digits(4)}`,
      hex(40),
      `${digits(5)}-${digits(4)}`,
      `${int(100000, 999999)}`,
      `第${int(1, 99999)}号`,
      `0.${digits(11)}`,
    ]),
};

// Numbers that are exactly what a PII kind looks like, with nothing to tell them apart: reported,
// not held to the thresholds (a random 16-digit number passes scheme and Luhn about 1 time in 30).
const INDISTINGUISHABLE: Record<string, () => string> = {
  'random 16 digits': () => `${int(1, 9)}${digits(15)}`,
  'random 11 digits starting 13-19': () => `1${int(3, 9)}${digits(9)}`,
};

const SENTENCES = [(x: string) => `Please contact ${x} today.`, (x: string) => `请联系 ${x}，谢谢。`, (x: string) => `{"value": "${x}"}`, (x: string) => `备注:${x}`];

interface Tally {
  total: number;
  hit: number;
  misses: string[];
}

function tally(): Tally {
  return { total: 0, hit: 0, misses: [] };
}

const PER_KIND = 400;
const positives: Record<string, [() => string, string]> = {
  'PRC resident ID': [prcId, '[ID]'],
  'payment card': [card, '[CARD]'],
  phone: [phone, '[PHONE]'],
  'US SSN': [ssn, '[SSN]'],
  IBAN: [iban, '[IBAN]'],
  'e-mail': [email, '[EMAIL]'],
  'API key / token': [secret, '[SECRET]'],
};

describe('PII corpus (issue 17): recall and false positives', { timeout: 60_000 }, () => {
  const recall: Record<string, Tally> = {};
  const falsePositives: Record<string, Tally> = {};

  it('positives are replaced by their marker, nothing of them left', () => {
    for (const [kind, [make, marker]] of Object.entries(positives)) {
      const t = tally();
      recall[kind] = t;
      for (let i = 0; i < PER_KIND; i++) {
        const value = make();
        const sentence = pick(SENTENCES);
        t.total++;
        if (redact(sentence(value)) === sentence(marker)) t.hit++;
        else t.misses.push(value);
      }
    }
    const t = tally();
    recall['labelled secret'] = t;
    for (let i = 0; i < PER_KIND; i++) {
      const [text, expected] = labelledSecret();
      const sentence = pick(SENTENCES);
      t.total++;
      if (redact(sentence(text)) === sentence(expected)) t.hit++;
      else t.misses.push(text);
    }
  });

  const lookAlikes: Record<string, Tally> = {};
  it('look-alikes survive unchanged', () => {
    for (const [category, make] of Object.entries({ ...NEGATIVES, ...INDISTINGUISHABLE })) {
      const t = tally();
      (category in NEGATIVES ? falsePositives : lookAlikes)[category] = t;
      for (let i = 0; i < PER_KIND; i++) {
        const value = make();
        const text = pick(SENTENCES)(value);
        t.total++;
        if (redact(text) !== text) {
          t.hit++;
          t.misses.push(value);
        }
      }
    }
  });

  it('report, and the thresholds', () => {
    const rows = (table: Record<string, Tally>, what: string): string[] =>
      Object.entries(table).map(
        ([kind, t]) => `| ${kind} | ${t.total} | ${t.hit} | ${((100 * t.hit) / t.total).toFixed(1)}% | ${t.misses.slice(0, 2).join(', ')} |`,
      ).map((row) => row.replace('|', `| ${what}`));
    const sum = (table: Record<string, Tally>): [number, number] =>
      Object.values(table).reduce(([h, n], t) => [h + t.hit, n + t.total], [0, 0]);
    const [hits, positivesTotal] = sum(recall);
    const [fps, negativesTotal] = sum(falsePositives);
    console.log(
      [
        '| | kind | samples | redacted | rate | examples not as expected |',
        '|---|---|---:|---:|---:|---|',
        ...rows(recall, 'recall'),
        ...rows(falsePositives, 'false positive'),
        ...rows(lookAlikes, 'indistinguishable'),
        `recall ${hits}/${positivesTotal} = ${((100 * hits) / positivesTotal).toFixed(1)}%; false positives ${fps}/${negativesTotal} = ${((100 * fps) / negativesTotal).toFixed(2)}%`,
      ].join('\n'),
    );
    // Measured when written (the printed table): phones miss only the bare 10-digit US form.
    expect(hits / positivesTotal).toBeGreaterThanOrEqual(0.99);
    for (const [kind, t] of Object.entries(recall)) expect(t.hit / t.total, kind).toBeGreaterThanOrEqual(kind === 'phone' ? 0.95 : 1);
    expect(fps / negativesTotal).toBeLessThanOrEqual(0.001);
    expect(lookAlikes['random 16 digits']?.hit).toBeLessThan(40);
  });
});
