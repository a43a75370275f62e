// Memory in the AI SDK's idiom: applications keep conversation memory in their own store.
// traceMemoryStore returns the same store whose read and write methods are traced as
// search_memory / upsert_memory / … spans, with the store id and record counts.
import { type Agentspan, type MemoryRecord, getAgentspan, type KeyList, checkOptionKeys } from '@agentspan/core';
import type { MemoryOperationName } from '@agentspan/semconv';
import { listOf, queryOf, toMemoryRecord } from './records.js';
import { FRAMEWORK } from './run-tracker.js';

/**
 * Default method names. A store with one write verb is an upsert (the spec's rule); only
 * a store that has both `create` and `update` maps them apart.
 */
export const DEFAULT_MEMORY_METHODS: Readonly<Record<string, MemoryOperationName>> = {
  search: 'search_memory',
  query: 'search_memory',
  find: 'search_memory',
  get: 'search_memory',
  list: 'search_memory',
  load: 'search_memory',
  read: 'search_memory',
  save: 'upsert_memory',
  put: 'upsert_memory',
  set: 'upsert_memory',
  add: 'upsert_memory',
  upsert: 'upsert_memory',
  write: 'upsert_memory',
  append: 'upsert_memory',
  create: 'create_memory',
  update: 'update_memory',
  delete: 'delete_memory',
  remove: 'delete_memory',
};

export interface TraceMemoryStoreOptions {
  /** `gen_ai.memory.store.id`. */
  storeId?: string;
  provider?: string;
  /** Method name → memory operation; replaces the defaults. */
  methods?: Readonly<Record<string, MemoryOperationName>>;
  agentspan?: Agentspan;
}

const OPTION_KEYS: KeyList<TraceMemoryStoreOptions> = { storeId: true, provider: true, methods: true, agentspan: true };

function writtenRecords(args: readonly unknown[]): MemoryRecord[] {
  const first = args[0];
  const list = listOf(first) ?? (first === undefined ? [] : [first]);
  return list.map(toMemoryRecord);
}

/** Returns `store` with its memory methods traced; everything else, and every result and error, passes through unchanged. */
export function traceMemoryStore<S extends object>(store: S, options: TraceMemoryStoreOptions = {}): S {
  checkOptionKeys('@agentspan/ai-sdk traceMemoryStore', options, OPTION_KEYS);
  const as = options.agentspan ?? getAgentspan();
  const methods = options.methods ?? DEFAULT_MEMORY_METHODS;
  const wrapped = new Map<PropertyKey, unknown>();
  const hasCreateAndUpdate = 'create' in store && 'update' in store;

  const operationOf = (name: string): MemoryOperationName | undefined => {
    const op = methods[name];
    if (!options.methods && !hasCreateAndUpdate && (op === 'create_memory' || op === 'update_memory')) return 'upsert_memory';
    return op;
  };

  return new Proxy(store, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      const operation = operationOf(prop);
      if (!operation) return value;
      const cached = wrapped.get(prop);
      if (cached) return cached;
      const fn = value as (...args: unknown[]) => unknown;
      const isSearch = operation === 'search_memory';
      const traced = (...args: unknown[]): unknown =>
        as.memory(
          {
            operation,
            storeId: options.storeId,
            provider: options.provider,
            framework: FRAMEWORK,
            query: isSearch ? () => queryOf(args) ?? '' : undefined,
            records: isSearch ? undefined : () => writtenRecords(args),
          },
          () => fn.apply(target, args),
          (result) => {
            if (!isSearch) return { count: writtenRecords(args).length };
            const list = listOf(result);
            return { count: list?.length, records: list ? () => list.map(toMemoryRecord) : undefined };
          },
        );
      wrapped.set(prop, traced);
      return traced;
    },
  });
}
