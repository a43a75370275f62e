// Method decorators for services: each call of the method becomes a GenAI span through
// the core. A throw fails the span and reaches the caller unchanged; a promise ends it
// when it settles; an Observable when it completes, fails or is unsubscribed (cancelled).
import type { AgentStart, Agentspan, MemoryStart, Operation, RetrievalStart, ToolStart } from '@agentspan/core';
import type { MemoryOperationName } from '@agentspan/semconv';
import { moduleAgentspan } from './active-instance.js';
import { runOperation } from './run-operation.js';

type AnyMethod = (this: unknown, ...args: unknown[]) => unknown;
/** Starts the call's operation; how the method's output becomes the operation's result. */
type Started = { op: Operation<unknown>; toResult: (output: unknown) => unknown };
type Starter = (as: Agentspan, args: unknown[]) => Started;

/** Static options, or a function of the call's arguments (e.g. a tool call id passed in). */
export type OptionsOf<T> = T | ((args: unknown[]) => T);

function resolve<T extends object>(options: OptionsOf<T> | undefined, args: unknown[]): T {
  if (typeof options === 'function') {
    try {
      return options(args) ?? ({} as T);
    } catch {
      return {} as T;
    }
  }
  return options ?? ({} as T);
}

/** Keeps metadata other decorators put on the method (Nest route and guard metadata). */
function copyMetadata(from: object, to: object): void {
  const reflect = Reflect as unknown as {
    getOwnMetadataKeys?: (target: object) => unknown[];
    getOwnMetadata?: (key: unknown, target: object) => unknown;
    defineMetadata?: (key: unknown, value: unknown, target: object) => void;
  };
  if (!reflect.getOwnMetadataKeys || !reflect.getOwnMetadata || !reflect.defineMetadata) return;
  for (const key of reflect.getOwnMetadataKeys(from)) reflect.defineMetadata(key, reflect.getOwnMetadata(key, from), to);
}

function traced(decorator: string, start: Starter): MethodDecorator {
  return (_target, propertyKey, descriptor) => {
    const original = descriptor.value as unknown;
    if (typeof original !== 'function') {
      throw new TypeError(`@${decorator} applies to methods; ${String(propertyKey)} is not one`);
    }
    const method = original as AnyMethod;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      let started: Started;
      try {
        started = start(moduleAgentspan(), args);
      } catch {
        return method.apply(this, args); // tracing never stops the method
      }
      return runOperation(started.op, () => method.apply(this, args), started.toResult);
    };
    Object.defineProperty(wrapped, 'name', { value: method.name });
    copyMetadata(method, wrapped);
    descriptor.value = wrapped as typeof descriptor.value;
    return descriptor;
  };
}

function counted(output: unknown): { count?: number } {
  return Array.isArray(output) ? { count: output.length } : {};
}

export type TraceAgentOptions = Omit<AgentStart, 'name' | 'parent'>;
export type TraceToolOptions = Omit<ToolStart, 'name' | 'parent'>;
export type TraceRetrievalOptions = Omit<RetrievalStart, 'dataSourceId' | 'parent'>;
export type TraceMemoryOptions = Omit<MemoryStart, 'operation' | 'storeId' | 'parent'>;

/** Each call is an `invoke_agent {name}` span; chats and tools inside roll up into it. */
export function TraceAgent(name: string, options?: OptionsOf<TraceAgentOptions>): MethodDecorator {
  return traced('TraceAgent', (as, args) => ({
    op: as.startAgent({ framework: 'nestjs', ...resolve(options, args), name }),
    toResult: () => undefined,
  }));
}

/**
 * Each call is an `execute_tool {name}` span. Arguments (default: the method's argument,
 * or all of them) and result are captured only when content capture is on.
 */
export function TraceTool(name: string, options?: OptionsOf<TraceToolOptions>): MethodDecorator {
  return traced('TraceTool', (as, args) => ({
    op: as.startTool({ framework: 'nestjs', arguments: () => (args.length === 1 ? args[0] : args), ...resolve(options, args), name }),
    toResult: (output) => ({ result: () => output }),
  }));
}

/** Each call is a `retrieval {dataSource}` span; a returned array counts the documents. */
export function TraceRetrieval(dataSource: string, options?: OptionsOf<TraceRetrievalOptions>): MethodDecorator {
  return traced('TraceRetrieval', (as, args) => ({
    op: as.startRetrieval({ framework: 'nestjs', ...resolve(options, args), dataSourceId: dataSource }),
    toResult: counted,
  }));
}

/** Each call is a memory span (`search_memory`, `upsert_memory`…) on `store`; a returned array counts the records. */
export function TraceMemory(operation: MemoryOperationName, store: string, options?: OptionsOf<TraceMemoryOptions>): MethodDecorator {
  return traced('TraceMemory', (as, args) => ({
    op: as.startMemory({ framework: 'nestjs', ...resolve(options, args), operation, storeId: store }),
    toResult: counted,
  }));
}
