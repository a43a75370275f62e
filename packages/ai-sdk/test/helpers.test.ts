// tracedRetrieval and traceMemoryStore: the spans they make, and that arguments, results,
// errors and untraced methods pass through unchanged.
import { describe, expect, it } from 'vitest';
import { traceMemoryStore, tracedRetrieval } from '../src/index.js';
import { tree, useTestEnv } from './support/harness.js';

const env = useTestEnv();

describe('tracedRetrieval', () => {
  it('makes a retrieval span with data source, top_k and document count', async () => {
    const as = env.agentspan();
    const search = tracedRetrieval(async (query: string, k: number) => [{ id: 'd1', score: 0.5, content: query }].slice(0, k), {
      dataSourceId: 'kb',
      topK: (_q, k) => k,
      agentspan: as,
    });
    const docs = await as.agent({ name: 'a' }, () => search('hello', 3));
    expect(docs).toEqual([{ id: 'd1', score: 0.5, content: 'hello' }]);
    const spans = await env.spans();
    expect(tree(spans)).toEqual(['invoke_agent a', '  retrieval kb']);
    expect(spans.find((s) => s.name === 'retrieval kb')?.attributes).toMatchObject({
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': 'kb',
      'gen_ai.retrieval.top_k': 3,
      'agentspan.retrieval.document.count': 1,
    });
  });

  it("works as a tool's execute; the retriever's error reaches the caller unchanged", async () => {
    const error = new Error('index offline');
    const execute = tracedRetrieval(
      async (_input: { query: string }) => {
        throw error;
      },
      { dataSourceId: 'kb', agentspan: env.agentspan() },
    );
    await expect(execute({ query: 'x' })).rejects.toBe(error);
    const [span] = await env.spans();
    expect(span?.status.code).toBe(2);
  });

  it('reads documents from a result object and captures the query only when asked', async () => {
    const as = env.agentspan({ captureContent: true });
    const search = tracedRetrieval(async (_input: { query: string }) => ({ results: [{ text: 'a' }, { text: 'b' }] }), {
      dataSourceId: 'kb',
      agentspan: as,
    });
    await search({ query: 'where is it' });
    const [span] = await env.spans();
    expect(span?.attributes['agentspan.retrieval.document.count']).toBe(2);
    expect(span?.attributes['gen_ai.retrieval.query.text']).toBe('where is it');
  });
});

describe('traceMemoryStore', () => {
  class Store {
    readonly rows: string[] = [];
    label = 'store';
    async search(_q: string) {
      return this.rows.map((content, i) => ({ id: `m${i}`, content }));
    }
    async save(items: string[]) {
      this.rows.push(...items);
    }
    size() {
      return this.rows.length;
    }
  }

  it('search → search_memory, save → upsert_memory; other members untouched', async () => {
    const store = traceMemoryStore(new Store(), { storeId: 'conversations', agentspan: env.agentspan() });
    await store.save(['a', 'b']);
    const found = await store.search('q');
    expect(found.map((r) => r.content)).toEqual(['a', 'b']);
    expect(store.size()).toBe(2);
    expect(store.label).toBe('store');
    const spans = await env.spans();
    expect(spans.map((s) => [s.name, s.attributes['gen_ai.memory.store.id'], s.attributes['gen_ai.memory.record.count']])).toEqual([
      ['upsert_memory', 'conversations', 2],
      ['search_memory', 'conversations', 2],
    ]);
  });

  it('a store with both create and update keeps them apart; errors pass through', async () => {
    const error = new Error('conflict');
    const store = traceMemoryStore(
      {
        async create(_r: { content: string }) {},
        async update(_r: { content: string }) {
          throw error;
        },
      },
      { storeId: 's', agentspan: env.agentspan() },
    );
    await store.create({ content: 'x' });
    await expect(store.update({ content: 'y' })).rejects.toBe(error);
    const spans = await env.spans();
    expect(spans.map((s) => [s.name, s.status.code])).toEqual([
      ['create_memory', 0],
      ['update_memory', 2],
    ]);
  });

  it('a custom method map', async () => {
    const store = traceMemoryStore({ fetchHistory: async () => ['a'] }, { methods: { fetchHistory: 'search_memory' }, agentspan: env.agentspan() });
    await store.fetchHistory();
    const [span] = await env.spans();
    expect(span?.name).toBe('search_memory');
    expect(span?.attributes['gen_ai.memory.record.count']).toBe(1);
  });
});
