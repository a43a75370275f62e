// Built-in redaction of personal data and secrets, applied to captured content and to
// exception messages. Rules run in order: secrets first (keys contain digits and '@').
import type { RedactionConfig } from '../types.js';

export interface RedactionRule {
  /** What the match is replaced with, e.g. "[EMAIL]". */
  marker: string;
  pattern: RegExp;
  /** Extra check on a match (e.g. the Luhn checksum); a match failing it is kept. */
  accept?: (match: string) => boolean;
}

function luhn(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
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

export const BUILTIN_REDACTION_RULES: readonly RedactionRule[] = [
  { marker: 'Bearer [SECRET]', pattern: /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi },
  {
    marker: '[SECRET]',
    pattern:
      /\b(?:sk|pk|rk)-[A-Za-z0-9_-]{16,}|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}|\bAIza[0-9A-Za-z_-]{35}|\bxox[abprs]-[A-Za-z0-9-]{10,}|\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g,
  },
  { marker: '[EMAIL]', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g },
  { marker: '[CARD]', pattern: /\b\d(?:[ -]?\d){12,18}\b/g, accept: luhn },
  {
    marker: '[PHONE]',
    // Not part of a longer digit group run (a non-card 16-digit number is not a phone).
    pattern:
      /(?<![\w+]|\d[ .-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?|\d{1,4}[ .-])?\d{3,4}[ .-]\d{4}(?!\w|[ .-]\d)|(?<!\d)1[3-9]\d{9}(?!\d)/g,
  },
];

export type Redact = (text: string) => string;

/** A function applying the configured rules and hook; identity when both are off. */
export function createRedactor(config: RedactionConfig | undefined): Redact {
  const rules = config?.builtIn === false ? [] : BUILTIN_REDACTION_RULES;
  const hook = config?.hook;
  if (rules.length === 0 && !hook) return (text) => text;
  return (text) => {
    let out = text;
    for (const rule of rules) {
      rule.pattern.lastIndex = 0;
      const accept = rule.accept;
      out = out.replace(rule.pattern, (match) => (accept && !accept(match) ? match : rule.marker));
    }
    return hook ? hook(out) : out;
  };
}
