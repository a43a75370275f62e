// Embeddings → embeddings spans, where LlamaIndex makes them visible: the query embedding
// of a retrieval (it nests under the retrieval span) and batch embedding at ingestion.
// Subclasses that override these methods are not seen.
import type { EmbeddingsOperation, EmbeddingsResult } from '@agentspan/core';
import { callWithin, type Patcher, reportInternal } from '@agentspan/core';
import { BaseEmbedding, MultiModalEmbedding } from '@llamaindex/core/embeddings';
import { FRAMEWORK, activeTracing } from './active.js';
import { queryText } from './messages.js';
import { resolveProvider } from './provider.js';

type Embed = (this: unknown, ...args: unknown[]) => unknown;

function dimensionsOf(vectors: unknown): EmbeddingsResult {
  if (!Array.isArray(vectors)) return {};
  const first: unknown = Array.isArray(vectors[0]) ? vectors[0] : vectors;
  return Array.isArray(first) && first.length > 0 && typeof first[0] === 'number' ? { dimensions: first.length } : {};
}

function wrapEmbed(original: Embed, inputs: (input: unknown) => string[]): Embed {
  return function tracedEmbed(this: unknown, ...args: unknown[]) {
    const tracing = activeTracing();
    if (!tracing) return original.apply(this, args);
    const { agentspan } = tracing;
    let op: EmbeddingsOperation;
    try {
      const model = (this as { model?: unknown }).model;
      op = agentspan.startEmbeddings({
        provider: resolveProvider(this as object, tracing.provider),
        requestModel: typeof model === 'string' ? model : undefined,
        framework: FRAMEWORK,
        input: agentspan.captureContent ? () => inputs(args[0]) : undefined,
      });
    } catch (error) {
      reportInternal('embeddings start', error);
      return original.apply(this, args);
    }
    return callWithin(op, original, this, args, dimensionsOf);
  };
}

export function patchEmbeddings(patcher: Patcher): void {
  const query = (input: unknown) => [queryText(input)];
  const batch = (input: unknown) => (Array.isArray(input) ? input.map(String) : []);
  for (const proto of [BaseEmbedding.prototype, MultiModalEmbedding.prototype]) {
    if (Object.hasOwn(proto, 'getQueryEmbedding')) {
      patcher.method(proto, 'getQueryEmbedding', (original) => wrapEmbed(original as unknown as Embed, query));
    }
  }
  patcher.method(BaseEmbedding.prototype, 'getTextEmbeddingsBatch', (original) => wrapEmbed(original as unknown as Embed, batch));
}
