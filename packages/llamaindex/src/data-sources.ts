// gen_ai.data_source.id and top_k of a retriever. LlamaIndex has no name for a knowledge
// base, so the id comes from (first match): a name given with nameDataSource() to the
// retriever or to its index, the `dataSourceId` option, else the index's own id.

const names = new WeakMap<object, string>();

/** Names the knowledge base behind an index or retriever: its retrieval spans carry this id. */
export function nameDataSource<T extends object>(indexOrRetriever: T, id: string): T {
  if (typeof id !== 'string' || id === '') throw new TypeError('nameDataSource: id must be a non-empty string');
  names.set(indexOrRetriever, id);
  return indexOrRetriever;
}

interface RetrieverShape {
  index?: { indexStruct?: { indexId?: unknown } };
  topK?: Record<string, unknown>;
  similarityTopK?: unknown;
}

export function dataSourceIdOf(retriever: object, fromOption: ((retriever: object) => string | undefined) | undefined): string | undefined {
  const shape = retriever as RetrieverShape;
  const named = names.get(retriever) ?? (shape.index ? names.get(shape.index) : undefined);
  if (named) return named;
  const chosen = fromOption?.(retriever);
  if (typeof chosen === 'string' && chosen !== '') return chosen;
  const indexId = shape.index?.indexStruct?.indexId;
  return typeof indexId === 'string' && indexId !== '' ? indexId : undefined;
}

export function topKOf(retriever: object): number | undefined {
  const shape = retriever as RetrieverShape;
  const k = shape.topK?.TEXT ?? shape.similarityTopK;
  return typeof k === 'number' && Number.isInteger(k) && k > 0 ? k : undefined;
}
