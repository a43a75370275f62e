// The traced LangGraph store, used directly and through LangGraph's AsyncBatchedStore.
import { AgentspanConfigError } from '@agentspan/core';
import { AsyncBatchedStore, BaseStore, InMemoryStore, type Operation, type OperationResults } from '@langchain/langgraph';
import { afterEach, describe, expect, it } from 'vitest';
import { traceStore } from '../src/index.js';
import { testSdk } from './support/otel.js';

const sdk = testSdk();
afterEach(() => sdk.exporter.reset());
const attrs = (): Record<string, unknown>[] => sdk.exporter.getFinishedSpans().map((s) => ({ name: s.name, ...s.attributes }));

describe('traceStore', () => {
  it('maps get / search / put / delete onto memory operations, one write verb', async () => {
    const agentspan = sdk.agentspan();
    const store = traceStore(new InMemoryStore(), { agentspan });
    await store.put(['notes', 'u1'], 'a', { text: 'x' });
    await store.get(['notes', 'u1'], 'a');
    await store.search(['notes']);
    await store.delete(['notes', 'u1'], 'a');
    await store.listNamespaces();
    expect(attrs()).toEqual([
      expect.objectContaining({ name: 'upsert_memory', 'gen_ai.operation.name': 'upsert_memory', 'gen_ai.memory.store.id': 'notes', 'gen_ai.memory.record.id': 'a', 'gen_ai.memory.record.count': 1 }),
      expect.objectContaining({ name: 'search_memory', 'gen_ai.memory.record.id': 'a', 'gen_ai.memory.record.count': 1 }),
      expect.objectContaining({ name: 'search_memory', 'gen_ai.memory.store.id': 'notes', 'gen_ai.memory.record.count': 1 }),
      expect.objectContaining({ name: 'delete_memory', 'gen_ai.memory.record.id': 'a' }),
    ]);
  });

  it('sees operations LangGraph batches from its background loop', async () => {
    const agentspan = sdk.agentspan();
    const batched = new AsyncBatchedStore(traceStore(new InMemoryStore(), { agentspan, storeId: 'mem' }));
    batched.start();
    await Promise.all([batched.put(['x'], 'k', { v: 1 }), batched.search(['x'])]);
    await batched.stop();
    expect(attrs().map((a) => [a.name, a['gen_ai.memory.store.id']])).toEqual([
      ['upsert_memory', 'mem'],
      ['search_memory', 'mem'],
    ]);
  });

  it("a store failure fails the spans and reaches the caller unchanged", async () => {
    const agentspan = sdk.agentspan();
    const failure = new Error('connection refused');
    class Broken extends BaseStore {
      override async batch<Op extends Operation[]>(_ops: Op): Promise<OperationResults<Op>> {
        throw failure;
      }
    }
    await expect(traceStore(new Broken(), { agentspan }).search(['x'])).rejects.toBe(failure);
    const [span] = sdk.exporter.getFinishedSpans();
    expect(span?.status.code).toBe(2);
  });

  it('captures records only when content capture is on', async () => {
    const off = traceStore(new InMemoryStore(), { agentspan: sdk.agentspan() });
    await off.put(['n'], 'k', { secret: 'jane.doe@example.com' });
    await off.search(['n']);
    expect(JSON.stringify(attrs())).not.toContain('jane.doe');
    sdk.exporter.reset();
    const on = traceStore(new InMemoryStore(), { agentspan: sdk.agentspan({ captureContent: true }) });
    await on.put(['n'], 'k', { note: 'likes tea' });
    await on.search(['n'], { query: 'tea' });
    const [put, search] = attrs();
    expect(String(put?.['gen_ai.memory.records'])).toContain('likes tea');
    expect(search?.['gen_ai.memory.query.text']).toBe('tea');
    expect(String(search?.['gen_ai.memory.records'])).toContain('likes tea');
  });

  it("is a BaseStore of the application's own LangGraph, which the package does not import", async () => {
    const traced = traceStore(new InMemoryStore());
    expect(traced).toBeInstanceOf(BaseStore);
    expect(traced.store).toBeInstanceOf(InMemoryStore);
    const source = await import('node:fs').then((fs) => fs.readFileSync(new URL('../src/traced-store.ts', import.meta.url), 'utf8'));
    expect(source).not.toMatch(/^import \{[^}]*\} from '@langchain\/langgraph'/m); // type imports only
  });

  it('rejects what is not a store', () => {
    expect(() => traceStore({} as never)).toThrow(AgentspanConfigError);
  });
});
