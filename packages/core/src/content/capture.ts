// Content capture: off by default; when on, every value is resolved, redacted and
// truncated here. While off, nothing is resolved, serialised or scanned.
import type { Attributes } from '@opentelemetry/api';
import type { Lazy } from '../types.js';
import type { Redact } from './redaction.js';
import { reportInternal } from '../safety.js';
import { mapStrings } from './map-strings.js';
import { truncateJson, truncateText } from './truncate.js';

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
    private readonly redact: Redact,
    private readonly maxLength: number,
  ) {}

  /** Sets `key` to the JSON of value (redacted, truncated) when capture is on and value is given. */
  json(attributes: Attributes, key: string, value: Lazy<unknown> | undefined): void {
    if (!this.enabled || value === undefined) return;
    try {
      const resolved = resolve(value);
      if (resolved === undefined) return;
      attributes[key] = truncateJson(mapStrings(parseMaybeJson(resolved), this.redact), this.maxLength);
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
      attributes[key] = truncateText(this.redact(resolved), this.maxLength);
    } catch (error) {
      reportInternal(`content: ${key}`, error);
    }
  }

  /** Exception messages are always redacted, captured or not. */
  redactMessage(text: string): string {
    try {
      return truncateText(this.redact(text), this.maxLength);
    } catch (error) {
      reportInternal('content: redact message', error);
      return '[REDACTION FAILED]';
    }
  }
}
