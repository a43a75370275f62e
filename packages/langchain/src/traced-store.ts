// A traced LangGraph store: every read and write of agent memory becomes a memory span
// (search / get -> search_memory, put -> upsert_memory, delete -> delete_memory) in the
// same tree as the agent. LangGraph wraps any store given to a graph in an
// AsyncBatchedStore that queues search/put and calls the wrapped store's `batch()`
// from a background loop, so `batch()` is what we trace: it sees every operation,
// whichever way it was made. The loop runs inside the graph's context (see
// patch-execution.ts), so its spans parent to the agent that owns the graph.
//
// LangGraph is an optional peer (a user of plain @langchain/core chains does not install
// it), so nothing here loads it: the traced store extends the base class of the store it
// is given, which is LangGraph's BaseStore from the very copy (ESM or CommonJS) the
// application uses.
import {
  type Agentspan,
  AgentspanConfigError,
  type KeyList,
  type MemoryOperation,
  type MemoryRecord,
  type MemoryResult,
  type MemoryStart,
  checkOptionKeys,
  getAgentspan,
} from '@agentspan/core';
import type {
  BaseStore,
  GetOperation,
  Item,
  Operation,
  OperationResults,
  PutOperation,
  SearchOperation,
} from '@langchain/langgraph';
import { activeContext } from './execution-slots.js';

export interface TraceStoreOptions {
  /** `gen_ai.memory.store.id`. Default: the first segment of each operation's namespace. */
  storeId?: string;
  /** `gen_ai.provider.name` of the store's backend, if any. */
  provider?: string;
  /** The core instance. Default: the process-wide instance. */
  agentspan?: Agentspan;
}

const OPTION_KEYS: KeyList<TraceStoreOptions> = { storeId: true, provider: true, agentspan: true };

/** A LangGraph store whose operations are traced; `store` is the one it wraps. */
export type TracedStore = BaseStore & { readonly store: BaseStore };

type SearchItem = Item & { score?: number };

type Traced = { op: MemoryOperation; kind: 'search' | 'get' | 'write' } | undefined;

type StoreBase = abstract new () => BaseStore;
type TracedStoreClass = new (store: BaseStore, options: TraceStoreOptions) => TracedStore;

// The root class of the store's prototype chain: LangGraph's BaseStore (it extends nothing).
function baseClassOf(store: BaseStore): StoreBase {
  let proto: object | null = Object.getPrototypeOf(store);
  while (proto !== null && Object.getPrototypeOf(proto) !== Object.prototype && Object.getPrototypeOf(proto) !== null) {
    proto = Object.getPrototypeOf(proto);
  }
  return ((proto as { constructor?: StoreBase } | null)?.constructor ?? Object) as StoreBase;
}

// One traced class per base class (in practice one: the application's LangGraph).
const tracedClasses = new WeakMap<StoreBase, TracedStoreClass>();

function tracedClassFor(Base: StoreBase): TracedStoreClass {
  let Traced = tracedClasses.get(Base);
  if (!Traced) {
    Traced = defineTracedStore(Base);
    tracedClasses.set(Base, Traced);
  }
  return Traced;
}

function defineTracedStore(Base: StoreBase): TracedStoreClass {
  return class TracedStore extends (Base as new () => BaseStore) {
    private readonly agentspan: Agentspan;

    constructor(
      readonly store: BaseStore,
      private readonly options: TraceStoreOptions,
    ) {
      super();
      if (typeof store?.batch !== 'function') throw new AgentspanConfigError('langchain: traceStore needs a LangGraph BaseStore');
      checkOptionKeys('@agentspan/langchain traceStore', options, OPTION_KEYS);
      if (options.storeId !== undefined && typeof options.storeId !== 'string') {
        throw new AgentspanConfigError('langchain: traceStore `storeId` must be a string');
      }
      this.agentspan = options.agentspan ?? getAgentspan();
    }

    // Not async: one promise per batch instead of two (this is on every memory call's path).
    override batch<Op extends Operation[]>(operations: Op): Promise<OperationResults<Op>> {
      const traced: Traced[] = new Array(operations.length);
      for (let i = 0; i < operations.length; i++) traced[i] = this.startOp(operations[i] as Operation);
      let pending: Promise<OperationResults<Op>>;
      try {
        // Promise.resolve: the same promise when it is one (as `await` would accept any value).
        pending = Promise.resolve(this.store.batch(operations));
      } catch (error) {
        return Promise.reject(this.failAll(traced, error));
      }
      return pending.then(
        (results) => {
          for (let i = 0; i < traced.length; i++) this.endOp(traced[i], (results as unknown[])[i]);
          return results;
        },
        (error: unknown) => {
          throw this.failAll(traced, error);
        },
      );
    }

    private failAll(traced: readonly Traced[], error: unknown): unknown {
      for (const t of traced) t?.op.fail(error);
      return error;
    }

    override start(): void | Promise<void> {
      return this.store.start?.();
    }

    override stop(): void | Promise<void> {
      return this.store.stop?.();
    }

    private startOp(operation: Operation): Traced {
      try {
        const capture = this.agentspan.captureContent;
        if ('namespacePrefix' in operation) {
          const search = operation as SearchOperation;
          const start = this.memoryStart('search_memory', search.namespacePrefix, undefined);
          if (search.query && capture) start.query = search.query;
          return { op: this.agentspan.startMemory(start), kind: 'search' };
        }
        if ('value' in operation) {
          const put = operation as PutOperation;
          const start = this.memoryStart(put.value === null ? 'delete_memory' : 'upsert_memory', put.namespace, put.key);
          if (put.value !== null && capture) start.records = [{ id: put.key, content: put.value }];
          return { op: this.agentspan.startMemory(start), kind: 'write' };
        }
        if ('key' in operation) {
          const get = operation as GetOperation;
          return { op: this.agentspan.startMemory(this.memoryStart('search_memory', get.namespace, get.key)), kind: 'get' };
        }
      } catch {
        // tracing never breaks the store
      }
      return undefined; // listNamespaces: no memory operation
    }

    // One literal of a fixed shape (absent fields undefined): the core reads one shape.
    private memoryStart(operation: MemoryStart['operation'], namespace: readonly string[], recordId: string | undefined): MemoryStart {
      return {
        parent: activeContext(),
        operation,
        framework: 'langgraph',
        provider: this.options.provider || undefined,
        storeId: this.options.storeId ?? (namespace[0] || undefined),
        recordId,
        query: undefined,
        records: undefined,
      };
    }

    private endOp(traced: Traced, result: unknown): void {
      if (!traced) return;
      try {
        if (traced.kind === 'write') {
          traced.op.end({ count: 1 });
          return;
        }
        const items: Item[] = traced.kind === 'search' ? ((result as SearchItem[] | undefined) ?? []) : result ? [result as Item] : [];
        const end: MemoryResult = { count: items.length };
        if (this.agentspan.captureContent) end.records = () => items.map(toRecord);
        traced.op.end(end);
      } catch {
        traced.op.end(); // never leave the span open, never break the store
      }
    }
  };
}

function toRecord(item: Item | SearchItem): MemoryRecord {
  const record: MemoryRecord = { id: item.key, content: item.value };
  if ('score' in item && typeof item.score === 'number') record.score = item.score;
  return record;
}

/** Wraps a LangGraph store so that its reads and writes appear as memory spans. */
export function traceStore(store: BaseStore, options: TraceStoreOptions = {}): TracedStore {
  if (typeof store?.batch !== 'function') throw new AgentspanConfigError('langchain: traceStore needs a LangGraph BaseStore');
  return new (tracedClassFor(baseClassOf(store)))(store, options);
}
