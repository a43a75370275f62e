// What the full-text index holds for a span, and how a user's search becomes an FTS5 query.
// Span names, status messages, attribute values (captured messages as their text, not their
// JSON keys), event names and event attribute values. Bounded per span, so a huge value costs
// a bounded amount of indexing.
import type { IngestSpan } from './ingest-span.js';

/** Text indexed per attribute value, and per span. */
const MAX_VALUE_CHARS = 16 * 1024;
const MAX_SPAN_CHARS = 64 * 1024;
/** Captured JSON read per span (JSON.parse of more would cost too much on a hostile span). */
const MAX_PARSED_CHARS = 64 * 1024;
/** The largest full-text document: a turn's text is cut into documents of this size. */
export const MAX_DOCUMENT_CHARS = 64 * 1024;

/**
 * Han, kana and hangul have no spaces between words: each character is indexed as a word of
 * its own and a query becomes the phrase of its characters, so any substring matches.
 */
const CJK = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu;

export function spaceCjk(text: string): string {
  return text.replace(CJK, ' $1 ');
}

class SpanText {
  private parts: string[] = [];
  private chars = 0;
  private parsed = 0;

  get full(): boolean {
    return this.chars >= MAX_SPAN_CHARS;
  }

  add(text: string): void {
    if (text === '' || this.full) return;
    const piece = text.length > MAX_VALUE_CHARS ? text.slice(0, MAX_VALUE_CHARS) : text;
    this.parts.push(piece);
    this.chars += piece.length;
  }

  /** A string value: the text inside captured JSON (messages, tool arguments), else the string. */
  addString(value: string): void {
    const first = value.charCodeAt(0);
    if ((first === 0x5b || first === 0x7b) && this.parsed + value.length <= MAX_PARSED_CHARS) {
      this.parsed += value.length;
      try {
        this.addLeaves(JSON.parse(value), 0);
        return;
      } catch {
        // not JSON: index it as text
      }
    }
    this.add(value);
  }

  addValue(value: unknown): void {
    if (typeof value === 'string') this.addString(value);
    else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') this.addString(v);
  }

  private addLeaves(value: unknown, depth: number): void {
    if (this.full || depth > 32) return;
    if (typeof value === 'string') this.add(value);
    else if (Array.isArray(value)) for (const v of value) this.addLeaves(v, depth + 1);
    else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) this.addLeaves(v, depth + 1);
  }

  toString(): string {
    return this.parts.join('\n');
  }
}

/** The indexed text of one span. */
export function spanSearchText(span: IngestSpan): string {
  const text = new SpanText();
  text.add(span.name);
  text.add(span.statusMessage);
  for (const value of Object.values(span.attributes)) text.addValue(value);
  for (const event of span.events) {
    text.add(event.name);
    for (const value of Object.values(event.attributes)) text.addValue(value);
  }
  return spaceCjk(text.toString());
}

/** Splits a turn's new text into documents of at most MAX_DOCUMENT_CHARS (whole spans where possible). */
export function documents(texts: readonly string[]): string[] {
  const docs: string[] = [];
  let current = '';
  for (const text of texts) {
    if (current !== '' && current.length + text.length + 1 > MAX_DOCUMENT_CHARS) {
      docs.push(current);
      current = '';
    }
    current = current === '' ? text : `${current}\n${text}`;
  }
  if (current !== '') docs.push(current);
  return docs;
}

/** Words of a search: runs of letters and digits (what unicode61 indexes), CJK characters apart. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/** The terms of a search: words separated by spaces, or "quoted phrases". */
export function searchTerms(search: string): string[] {
  return [...search.matchAll(/"([^"]*)"?|(\S+)/g)].map((m) => (m[1] ?? m[2] ?? '').trim()).filter((t) => t !== '');
}

/**
 * One FTS5 query per term of the user's search (every term must match, anywhere in the turn).
 * A term is the phrase of its words, the last one a prefix: `rate_limit` finds "rate_limit" and
 * "rate limit", `gpt-4o` finds "gpt-4o-mini", `"order 42"` finds those two words in a row.
 */
export function ftsTerms(search: string): string[] {
  const terms: string[] = [];
  for (const term of searchTerms(search)) {
    const words = spaceCjk(term).match(WORD);
    if (words === null) continue;
    terms.push(`"${words.join(' ')}"*`);
  }
  return terms.slice(0, 16);
}
