// Makes our spans active while LangChain runs a model, a tool, a retriever, a graph or a
// RunnableLambda,
// so that spans other instrumentations make inside (provider HTTP calls, databases,
// nested frameworks) nest under ours. LangChain's callbacks cannot wrap execution
// (langchainjs issue 11221; the proposed hook, PR 11226, is not in @langchain/core
// 1.2), so we wrap the methods that run a run's body, once per process. Each wrapper
// only opens a slot; see execution-slots.ts. Works for the build (ESM or CJS) of
// @langchain/core and @langchain/langgraph that this module loads.
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { BaseLLM } from '@langchain/core/language_models/llms';
import { BaseRetriever } from '@langchain/core/retrievers';
import { RunnableLambda } from '@langchain/core/runnables';
import { StructuredTool } from '@langchain/core/tools';
import { Pregel } from '@langchain/langgraph/pregel';
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
    wrapIterator(Pregel.prototype, '_streamIterator', 'graph');
    // An application's function in a sequence (memory, a store, an HTTP call) runs inside
    // the turn: the workflow its sequence became, or the nearest span above it.
    wrapCall(RunnableLambda.prototype, 'invoke', 'lambda');
  } catch (error) {
    reportInternal('langchain: could not wrap LangChain execution', error);
  }
}
