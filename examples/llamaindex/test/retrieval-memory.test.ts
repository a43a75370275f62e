// Retrieval (index retrievers, query engines), embeddings and memory blocks.
import { S1 } from '@agentspan/conformance';
import { type MemoryMessage, createMemory } from '@llamaindex/core/memory';
import { Document } from '@llamaindex/core/schema';
import { Settings, VectorStoreIndex } from 'llamaindex';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instrumentLlamaIndex, nameDataSource } from '@agentspan/llamaindex';
import { ConversationBlock } from '../src/conversation-block.js';
import { type TestTracing, setupTracing } from './support/otel.js';
import { ScriptedLLM } from '../src/scripted-llm.js';
import { buildKnowledgeBase } from '../src/support-app.js';

let index: VectorStoreIndex;
let t: TestTracing;
let dispose: () => void;

beforeAll(async () => {
  index = await buildKnowledgeBase(S1);
});

afterEach(async () => {
  dispose?.();
  await t?.shutdown();
});

function enable(options: Parameters<typeof instrumentLlamaIndex>[0] = {}, capture = false): void {
  t = setupTracing({ captureContent: capture });
  dispose = instrumentLlamaIndex({ agentspan: t.agentspan, ...options });
}

describe('retrieval', () => {
  it('an index retriever: data source id, top_k, document count; the query embedding nests inside', async () => {
    enable();
    const nodes = await index.asRetriever({ similarityTopK: 2 }).retrieve({ query: 'order status' });
    expect(nodes).toHaveLength(2);
    expect(t.trees()).toEqual(['retrieval kb-policies\n  embeddings letters-26']);
    expect(t.byName('retrieval kb-policies')[0]?.attributes).toMatchObject({
      'gen_ai.operation.name': 'retrieval',
      'gen_ai.data_source.id': 'kb-policies',
      'gen_ai.retrieval.top_k': 2,
      'agentspan.retrieval.document.count': 2,
    });
    expect(t.byName('retrieval kb-policies')[0]?.attributes['gen_ai.retrieval.documents']).toBeUndefined();
    expect(t.byName('retrieval kb-policies')[0]?.attributes['gen_ai.retrieval.query.text']).toBeUndefined();
    const embeddings = t.byName('embeddings letters-26')[0];
    expect(embeddings?.attributes).toMatchObject({ 'gen_ai.provider.name': 'letterembedding', 'gen_ai.embeddings.dimension.count': 26 });
  });

  it('the id comes from nameDataSource (retriever, then index), then the option, then the index id', async () => {
    const unnamed = await VectorStoreIndex.fromDocuments([new Document({ text: 'Orders ship fast.', id_: 'd1' })]);
    enable({ dataSourceId: (r) => ((r as { index?: unknown }).index === unnamed ? 'from-option' : undefined) });
    await nameDataSource(index.asRetriever({ similarityTopK: 1 }), 'from-retriever').retrieve({ query: 'x' });
    await unnamed.asRetriever({ similarityTopK: 1 }).retrieve({ query: 'x' });
    dispose();
    dispose = instrumentLlamaIndex({ agentspan: t.agentspan });
    await unnamed.asRetriever({ similarityTopK: 1 }).retrieve({ query: 'x' });
    const ids = t.spans().filter((s) => s.name.startsWith('retrieval')).map((s) => s.attributes['gen_ai.data_source.id']);
    expect(ids).toEqual(['from-retriever', 'from-option', unnamed.indexStruct.indexId]);
  });

  it('a failing retrieval (no end event) still ends its span, with the error', async () => {
    enable();
    const retriever = index.asRetriever({ similarityTopK: 1 });
    const boom = new TypeError('vector store down');
    Object.assign(retriever, { _retrieve: () => Promise.reject(boom) });
    await expect(retriever.retrieve({ query: 'x' })).rejects.toBe(boom);
    expect(t.trees()).toEqual(['retrieval kb-policies [ERROR TypeError]']);
  });

  it('a query engine: retrieval and the answering chat, the LLM taken from Settings.llm', async () => {
    enable({ provider: () => 'openai' });
    Settings.llm = new ScriptedLLM({
      model: 'gpt-4o-mini',
      responseModel: 'gpt-4o-mini-2024-07-18',
      steps: [{ kind: 'answer', chunks: ['Within 2 days.'], usage: { inputTokens: 50, outputTokens: 5 }, finishReason: 'stop' }],
    });
    const response = await index.asQueryEngine({ similarityTopK: 3 }).query({ query: 'How fast do orders ship?' });
    expect(response.toString()).toBe('Within 2 days.');
    const tree = t.trees().join('\n');
    expect(tree).toContain('retrieval kb-policies');
    expect(tree).toContain('chat gpt-4o-mini');
    expect(t.byName('chat gpt-4o-mini')[0]?.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 50, 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18' });
  });

  it('captured documents when content capture is on, none when off', async () => {
    enable({}, true);
    await index.asRetriever({ similarityTopK: 1 }).retrieve({ query: 'returned within 30 days' });
    const span = t.byName('retrieval kb-policies')[0];
    expect(String(span?.attributes['gen_ai.retrieval.documents'])).toContain('Delivered orders can be returned');
    expect(span?.attributes['gen_ai.retrieval.query.text']).toBe('returned within 30 days');
  });
});

describe('memory blocks', () => {
  const records = (): MemoryMessage[] => [
    { id: 'm1', role: 'memory', content: 'likes e-mail' },
    { id: 'm2', role: 'memory', content: 'ordered 42' },
  ];

  it('reading the memory reads the store (search_memory); adding writes through (upsert_memory)', async () => {
    enable();
    const memory = createMemory({ memoryBlocks: [new ConversationBlock('conversations', records())], shortTermTokenLimitRatio: 0 });
    const messages = await memory.getLLM();
    expect(messages.map((m) => m.content)).toEqual(['likes e-mail', 'ordered 42']);
    await memory.add({ role: 'user', content: 'where is 42?' });
    expect(t.trees()).toEqual(['search_memory', 'upsert_memory']);
    expect(t.byName('search_memory')[0]?.attributes).toMatchObject({ 'gen_ai.memory.store.id': 'conversations', 'gen_ai.memory.record.count': 2 });
    expect(t.byName('upsert_memory')[0]?.attributes).toMatchObject({ 'gen_ai.memory.store.id': 'conversations', 'gen_ai.memory.record.count': 1 });
  });

  it('a memory without blocks (the in-process buffer) makes no span', async () => {
    enable();
    const memory = createMemory();
    await memory.add({ role: 'user', content: 'hi' });
    await memory.getLLM();
    expect(t.spans()).toEqual([]);
  });

  it('a failing block: its span fails, Memory goes on as it does without tracing', async () => {
    enable();
    const memory = createMemory({ memoryBlocks: [new ConversationBlock('conversations', [], new RangeError('store offline'))] });
    memory['logger' as never] = { warn() {}, log() {}, error() {} } as never;
    expect(await memory.getLLM()).toEqual([]);
    expect(t.trees()).toEqual(['search_memory [ERROR RangeError]']);
  });
});
