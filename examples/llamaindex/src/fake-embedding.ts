// An offline embedding model: a BaseEmbedding subclass mapping text to a small
// deterministic vector (letter frequencies), enough for a real VectorStoreIndex to rank.
import { BaseEmbedding } from '@llamaindex/core/embeddings';

export class LetterEmbedding extends BaseEmbedding {
  readonly model = 'letters-26';
  calls = 0;

  // biome-ignore lint/complexity/noUselessConstructor: BaseEmbedding's constructor is protected
  constructor() {
    super();
  }

  async getTextEmbedding(text: string): Promise<number[]> {
    this.calls++;
    const vector = new Array<number>(26).fill(0.001);
    for (const ch of text.toLowerCase()) {
      const i = ch.charCodeAt(0) - 97;
      if (i >= 0 && i < 26) vector[i] = (vector[i] ?? 0) + 1;
    }
    return vector;
  }
}
