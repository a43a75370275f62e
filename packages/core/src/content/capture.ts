// Content capture: off by default; when on, every value is resolved, redacted and
// truncated here. While off, nothing is resolved, serialised or scanned. Redaction only
// ever reads what can be exported: the truncation bound plus the detectors' reach.
import type { Attributes } from '@opentelemetry/api';
import type { Lazy } from '../types.js';
import { reportInternal } from '../safety.js';
import { jsonTree, mapStrings } from './json-tree.js';
import type { Redactor } from './redaction.js';
import { cutAt } from './redaction-engine.js';
import { capString, fit, MARK, serialise, tooLong } from './truncate.js';

function resolve<T>(value: Lazy<T>): T {
  return typeof value === 'function' ? (value as () => T)() : value;
}

/** Strings that hold JSON are parsed so that tool arguments and results stay structured. */
function parseMaybeJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const t = value.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return value;
  try {
    return JSON.parse(t);
  } catch {
    return value;
  }
}

export class ContentCapture {
  constructor(
    readonly enabled: boolean,
    private readonly redactor: Redactor,
    private readonly maxLength: number,
  ) {}

  /** Sets `key` to the JSON of value (redacted, truncated) when capture is on and value is given. */
  json(attributes: Attributes, key: string, value: Lazy<unknown> | undefined): void {
    if (!this.enabled || value === undefined) return;
    try {
      const resolved = resolve(value);
      if (resolved === undefined) return;
      attributes[key] = this.boundedJson(parseMaybeJson(resolved));
    } catch (error) {
      reportInternal(`content: ${key}`, error);
    }
  }

  /** Sets `key` to a plain string (redacted, truncated). */
  text(attributes: Attributes, key: string, value: Lazy<string> | undefined): void {
    if (!this.enabled || value === undefined) return;
    try {
      const resolved = resolve(value);
      if (typeof resolved !== 'string') return;
      attributes[key] = this.boundedText(resolved);
    } catch (error) {
      reportInternal(`content: ${key}`, error);
    }
  }

  /** Exception and status messages are always redacted, captured or not. */
  redactMessage(text: string): string {
    try {
      return this.boundedText(text);
    } catch (error) {
      reportInternal('content: redact message', error);
      return '[REDACTION FAILED]';
    }
  }

  private boundedText(text: string): string {
    const max = this.maxLength;
    const redact = this.redactor.redact;
    if (text.length <= max) {
      const out = redact(text);
      return out.length <= max ? out : cutAt(out, max - 1) + MARK;
    }
    return cutAt(redact(text, max - 1), max - 1) + MARK;
  }

  /** A string as exported at cap: redacted over its first cap characters (and the reach past them). */
  private readonly redactAtCap = (text: string, cap: number): string => {
    if (text.length <= cap) return this.redactor.redact(text);
    return this.redactor.redact(text, cap) + MARK;
  };

  private boundedJson(value: unknown): string {
    const { redactor, maxLength } = this;
    const { node: tree, minLength } = jsonTree(value, { budget: maxLength, redactDigits: redactor.redactDigits, secretValue: redactor.secretValue });
    if (tree === undefined) return 'null';
    // Small enough to export whole (the common case): redacted and serialised once.
    if (minLength <= maxLength) {
      const whole = serialise(tree, Number.POSITIVE_INFINITY, this.redactAtCap);
      if (whole !== undefined && whole.length <= maxLength) return whole;
    }
    // Fitted on the raw strings, then redacted at the same cap: only what is exported is scanned.
    const fitted = fit(tree, maxLength);
    if (!fitted) return tooLong(maxLength);
    const out = serialise(fitted.node, fitted.cap, this.redactAtCap) as string;
    if (out.length <= maxLength) return out;
    // Markers longer than what they replaced: fit the redacted tree once more (no new scan).
    const redacted = mapStrings(fitted.node, (s) => this.redactAtCap(s, fitted.cap));
    const refit = fit(redacted, maxLength);
    return refit ? (serialise(refit.node, refit.cap, capString) as string) : tooLong(maxLength);
  }
}
