// Check digits and number plans that turn "a run of digits" into "a card / an ID / an IBAN":
// a detector only reports a candidate that passes its checksum, which keeps order ids,
// timestamps and prices out of the redaction.

/** The Luhn (mod 10) check of card numbers. `digits` holds only digits. */
export function luhn(digits: string): boolean {
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    total += d;
  }
  return total % 10 === 0;
}

/** Issuer prefixes and lengths of the card schemes in use (Visa, Mastercard, Amex, UnionPay, JCB, …). */
export function cardScheme(digits: string): boolean {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  if (digits[0] === '4') return n === 13 || n === 16 || n === 19; // Visa
  if (p2 === 34 || p2 === 37) return n === 15; // Amex
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p4 >= 2200 && p4 <= 2204) return n >= 16 && n <= 19; // Mir
  if (p2 === 36 || p2 === 38 || p2 === 39 || (p3 >= 300 && p3 <= 305)) return n >= 14 && n <= 19; // Diners
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19; // JCB
  // UnionPay (62), Discover (6011, 644-649, 65), Maestro (50, 56-69).
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 16 && n <= 19;
  return false;
}

export function isCardNumber(digits: string): boolean {
  return digits.length >= 13 && digits.length <= 19 && cardScheme(digits) && luhn(digits);
}

// GB 11643-1999: province codes, a birth date, and the ISO 7064 mod 11-2 check character.
const PRC_PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64,
  65, 71, 81, 82, 83, 91,
]);
const PRC_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const PRC_CHECK = '10X98765432';

function isDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (days[month - 1] ?? 0);
}

/** An 18-character PRC resident identity number: 17 digits and a check digit (0-9 or X). */
export function isPrcResidentId(id: string): boolean {
  if (id.length !== 18 || !PRC_PROVINCES.has(Number(id.slice(0, 2)))) return false;
  const year = Number(id.slice(6, 10));
  if (year < 1800 || year > 2099 || !isDate(year, Number(id.slice(10, 12)), Number(id.slice(12, 14)))) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    sum += d * (PRC_WEIGHTS[i] ?? 0);
  }
  return PRC_CHECK[sum % 11] === id[17]?.toUpperCase();
}

/** A US social security number (area-group-serial) that the SSA can issue. */
export function isUsSsn(area: string, group: string, serial: string): boolean {
  const a = Number(area);
  return a !== 0 && a !== 666 && a < 900 && group !== '00' && serial !== '0000';
}

// IBAN lengths by country (ISO 13616 registry).
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28,
  CZ: 24, DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18,
  GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32,
  LI: 21, LT: 20, LU: 20, LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24,
  PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28,
  TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
};

const IBAN_LENGTH_BY_CODE = new Map<number, number>(
  Object.entries(IBAN_LENGTHS).map(([country, length]) => [country.charCodeAt(0) * 256 + country.charCodeAt(1), length]),
);

/** The IBAN length of the country whose code has these two character codes. */
export function ibanLength(first: number, second: number): number | undefined {
  return IBAN_LENGTH_BY_CODE.get(first * 256 + second);
}

/** An IBAN written without spaces: the country's length and the mod 97 check. */
export function isIban(iban: string): boolean {
  if (ibanLength(iban.charCodeAt(0), iban.charCodeAt(1)) !== iban.length) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (let i = 0; i < rearranged.length; i++) rest = mod97Step(rest, rearranged.charCodeAt(i));
  return rest === 1;
}

/** One character more of ISO 7064 mod 97-10 (digits, and letters as A=10 … Z=35). */
export function mod97Step(rest: number, c: number): number {
  const value = c >= 65 ? c - 55 : c - 48;
  return value > 9 ? (rest * 100 + value) % 97 : (rest * 10 + value) % 97;
}
