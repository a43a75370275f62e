// Reads documents and memory records out of whatever shape an application's retriever or
// store returns: strings, or objects with id / score / content (text, pageContent) / metadata.
import type { MemoryRecord, RetrievedDocument } from '@agentspan/core';

type Bag = Record<string, unknown>;

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null;
}

function contentOf(item: Bag): unknown {
  return item.content ?? item.text ?? item.pageContent ?? item.value;
}

export function toDocument(item: unknown): RetrievedDocument {
  if (!isBag(item)) return { content: String(item) };
  const content = contentOf(item);
  return {
    id: typeof item.id === 'string' ? item.id : undefined,
    score: typeof item.score === 'number' ? item.score : undefined,
    content: typeof content === 'string' ? content : undefined,
    metadata: isBag(item.metadata) ? item.metadata : undefined,
  };
}

export function toMemoryRecord(item: unknown): MemoryRecord {
  if (!isBag(item)) return { content: item };
  return {
    id: typeof item.id === 'string' ? item.id : undefined,
    content: contentOf(item) ?? item,
    score: typeof item.score === 'number' ? item.score : undefined,
    metadata: isBag(item.metadata) ? item.metadata : undefined,
  };
}

/** A result that is a list, or carries one under documents / records / results / items. */
export function listOf(value: unknown): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (!isBag(value)) return undefined;
  for (const key of ['documents', 'records', 'results', 'items']) {
    const v = value[key];
    if (Array.isArray(v)) return v;
  }
  return undefined;
}

/** The query text of a call: a first string argument, or a first argument's `query` / `text`. */
export function queryOf(args: readonly unknown[]): string | undefined {
  const first = args[0];
  if (typeof first === 'string') return first;
  if (isBag(first)) {
    const q = first.query ?? first.text;
    if (typeof q === 'string') return q;
  }
  return undefined;
}
