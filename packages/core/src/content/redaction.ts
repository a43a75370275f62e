// Redaction of personal data and secrets in everything agentspan exports: captured
// content (strings, object keys, large integers) and exception and status messages.
// The built-in detectors, then the user's rules, run in one pass over a bounded window;
// the user's hook runs last.
import type { RedactionConfig, RedactionRule } from '../types.js';
import { emails, EMAIL_PATTERN } from './pii-email.js';
import { ibans, IBAN_PATTERN } from './pii-iban.js';
import { NUMBER_RUN_PATTERN, numbers } from './pii-numbers.js';
import {
  BEARER_PATTERN,
  bearerTokens,
  CREDENTIAL_PATTERN,
  isSecretKey,
  labelledCredentials,
  SECRET,
  SECRET_TOKEN_PATTERN,
  secretTokens,
} from './pii-secrets.js';
import { cutAt, type Detector, type Findings, reachOf, redactWindow } from './redaction-engine.js';
import { type ResolvedRedaction, resolveRedaction } from './redaction-config.js';

/**
 * Redacts text; with `limit`, only its first `limit` characters are returned (a finding that
 * starts before it is replaced whole) and only `limit` plus the detectors' reach are read.
 */
export type Redact = (text: string, limit?: number) => string;

/** A built-in detector: its candidate pattern (checked linear by recheck) and what it reports. */
export interface BuiltInRedactionRule {
  readonly name: string;
  readonly markers: readonly string[];
  readonly pattern: RegExp;
}

export const BUILTIN_REDACTION_RULES: readonly BuiltInRedactionRule[] = [
  { name: 'secret-token', markers: [SECRET], pattern: new RegExp(SECRET_TOKEN_PATTERN) },
  { name: 'bearer-token', markers: [SECRET], pattern: new RegExp(BEARER_PATTERN) },
  { name: 'credential', markers: [SECRET], pattern: new RegExp(CREDENTIAL_PATTERN) },
  { name: 'email', markers: ['[EMAIL]'], pattern: new RegExp(EMAIL_PATTERN) },
  { name: 'iban', markers: ['[IBAN]'], pattern: new RegExp(IBAN_PATTERN) },
  { name: 'number', markers: ['[ID]', '[CARD]', '[SSN]', '[PHONE]'], pattern: new RegExp(NUMBER_RUN_PATTERN) },
];

const BUILTIN_DETECTORS: readonly Detector[] = [secretTokens, bearerTokens, labelledCredentials, emails, ibans, numbers];

/** Reach of a user rule without `maxLength`. */
export const DEFAULT_RULE_REACH = 256;

function ruleDetector(rule: RedactionRule): Detector {
  const re = new RegExp(rule.pattern.source, `${rule.pattern.flags.replace(/[gy]/g, '')}g`);
  const marker = rule.marker ?? '[REDACTED]';
  const accept = rule.accept;
  return {
    name: rule.name,
    reach: rule.maxLength ?? DEFAULT_RULE_REACH,
    scan(text: string, out: Findings): void {
      re.lastIndex = 0;
      for (let m = re.exec(text); m !== null; m = re.exec(text)) {
        if (m[0] === '') {
          re.lastIndex++;
          continue;
        }
        if (!accept || accept(m[0])) out.add(m.index, m.index + m[0].length, marker);
      }
    },
  };
}

/** What content capture needs: text redaction, and the structured cases (numbers, secret keys). */
export interface Redactor {
  readonly redact: Redact;
  /** A large integer's digits, redacted: a card or phone stored as a JSON number. */
  readonly redactDigits?: (digits: string) => string;
  /** `[SECRET]` for the value under a key that names a credential ("password", "api_key"). */
  readonly secretValue?: (key: string) => string | undefined;
}

const identity: Redact = (text, limit) => (limit === undefined ? text : cutAt(text, limit));

export function redactorFor(config: ResolvedRedaction): Redactor {
  const detectors = [...config.rules.map(ruleDetector), ...(config.builtIn ? BUILTIN_DETECTORS : [])];
  const hook = config.hook;
  if (detectors.length === 0 && !hook) return { redact: identity };
  const reach = reachOf(detectors);
  const redact: Redact = (text, limit = Number.POSITIVE_INFINITY) => {
    const out = redactWindow(detectors, reach, text, limit);
    if (!hook) return out;
    const hooked = hook(out);
    if (typeof hooked !== 'string') throw new TypeError('redaction.hook must return a string');
    return hooked;
  };
  return {
    redact,
    redactDigits: detectors.length > 0 ? (digits) => redact(digits) : undefined,
    secretValue: config.builtIn ? (key) => (isSecretKey(key) ? SECRET : undefined) : undefined,
  };
}

/**
 * A function applying the built-in detectors, the configured rules and the hook; the identity
 * when all are off. Rules are checked as `new Agentspan` checks them (AgentspanConfigError).
 */
export function createRedactor(config?: RedactionConfig): Redact {
  return redactorFor(resolveRedaction(config)).redact;
}
