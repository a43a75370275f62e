// Makes our spans active while LangChain runs a model, a tool, a retriever, a graph or a
// RunnableLambda,
// so that spans other instrumentations make inside (provider HTTP calls, databases,
// nested frameworks) nest under ours. LangChain's callbacks cannot wrap execution
// (langchainjs issue 11221; the proposed hook, PR 11226, is not in @langchain/core
// 1.2), so we wrap the methods that run a run's body, once per process. Each wrapper
// only opens a slot; see execution-slots.ts. Works for the build (ESM or CJS) of
// @langchain/core that this module loads. LangGraph is an optional peer and is never
// loaded here: a graph's class is found, and wrapped, the first time one of its graphs runs
// (its `stream` is LangChain's Runnable.stream, which calls the graph's `_streamIterator`).
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { BaseLLM } from '@langchain/core/language_models/llms';
import { BaseRetriever } from '@langchain/core/retrievers';
import { StructuredTool } from '@langchain/core/tools';
import { Runnable, RunnableLambda } from '@langchain/core/runnables';
import { reportInternal, warnOnce } from '@agentspan/core';
import { type SlotKind, iterateInSlot, runInSlot } from './execution-slots.js';

type Method = (this: unknown, ...args: unknown[]) => unknown;
const PATCHED = Symbol.for('agentspan.langchain.patched');
let installed = false;

function wrapCall(proto: object, name: string, kind: SlotKind): void {
  replace(proto, name, (original) =>
    function (this: unknown, ...args: unknown[]) {
      return runInSlot(kind, () => original.apply(this, args));
    },
  );
}

function wrapIterator(proto: object, name: string, kind: SlotKind): void {
  replace(proto, name, (original) =>
    function (this: unknown, ...args: unknown[]) {
      const owner = kind === 'graph' && typeof this === 'object' && this !== null ? this : undefined;
      return iterateInSlot(kind, () => original.apply(this, args) as AsyncIterator<unknown>, signalOf(args[1]), owner);
    },
  );
}

// The caller's AbortSignal, from the call options: tells a caller's abort from a fault.
function signalOf(options: unknown): AbortSignal | undefined {
  const signal = typeof options === 'object' && options !== null ? (options as { signal?: unknown }).signal : undefined;
  return signal instanceof AbortSignal ? signal : undefined;
}

function replace(proto: object, name: string, wrap: (original: Method) => Method): void {
  const target = proto as Record<string, unknown>;
  const original = target[name];
  if (typeof original !== 'function') {
    warnOnce(`langchain: missing ${name}`, `langchain: ${name} not found; spans of other instrumentations may not nest`);
    return;
  }
  if ((original as unknown as Record<symbol, unknown>)[PATCHED]) return;
  const wrapped = wrap(original as Method) as Method & Record<symbol, unknown>;
  wrapped[PATCHED] = true;
  target[name] = wrapped;
}

// LangGraph marks its graphs (Pregel and subclasses) with `lg_is_pregel`. The check runs on
// every Runnable.stream call: one property read; the class is wrapped once.
function wrapGraphsOnFirstRun(): void {
  replace(Runnable.prototype, 'stream', (original) =>
    function (this: unknown, ...args: unknown[]) {
      if ((this as { lg_is_pregel?: unknown } | null)?.lg_is_pregel === true) {
        try {
          wrapGraphClass(this as object);
        } catch (error) {
          reportInternal('langchain: could not wrap a LangGraph graph', error);
        }
      }
      return original.apply(this, args);
    },
  );
}

function wrapGraphClass(graph: object): void {
  let proto: object | null = Object.getPrototypeOf(graph);
  while (proto !== null && !Object.hasOwn(proto, '_streamIterator')) proto = Object.getPrototypeOf(proto);
  if (proto === null || proto === Runnable.prototype) return;
  const iterator = (proto as Record<string, unknown>)._streamIterator;
  if (typeof iterator === 'function' && !(iterator as unknown as Record<symbol, unknown>)[PATCHED]) {
    wrapIterator(proto, '_streamIterator', 'graph');
  }
}

/** Installs the execution wrappers (idempotent). */
export function installExecutionContext(): void {
  if (installed) return;
  installed = true;
  try {
    wrapCall(BaseChatModel.prototype, '_generateUncached', 'llm');
    wrapIterator(BaseChatModel.prototype, '_streamIterator', 'llm');
    wrapCall(BaseLLM.prototype, '_generateUncached', 'llm');
    wrapIterator(BaseLLM.prototype, '_streamIterator', 'llm');
    wrapCall(StructuredTool.prototype, 'call', 'tool');
    wrapCall(BaseRetriever.prototype, 'invoke', 'retriever');
    // An application's function in a sequence (memory, a store, an HTTP call) runs inside
    // the turn: the workflow its sequence became, or the nearest span above it.
    wrapCall(RunnableLambda.prototype, 'invoke', 'lambda');
    wrapGraphsOnFirstRun();
  } catch (error) {
    reportInternal('langchain: could not wrap LangChain execution', error);
  }
}
