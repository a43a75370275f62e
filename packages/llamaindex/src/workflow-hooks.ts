// A hook into one workflow run's handler calls (workflow-core's per-context middleware
// list, `__internal__call_context`, read in @llamaindex/workflow-core 1.3): each handler
// runs synchronously inside `next`, so the hook chooses the context it runs in (a
// handed-off agent's span, a verbose step span) and sees its promise settle. A rejected
// handler is otherwise lost: workflow-core leaves it unhandled and the run never ends.
import { reportInternal, safely } from '@agentspan/core';
import { type Context, context as otelContext } from '@opentelemetry/api';

export interface HandlerCall {
  handler?: { name?: unknown } | null;
  inputs?: readonly unknown[];
  pending?: PromiseLike<unknown> | null;
}

type Middleware = (call: HandlerCall, next: (call: HandlerCall) => void) => void;

export interface RootContext {
  __internal__call_context?: { subscribe?: (middleware: Middleware) => unknown };
}

/** Where one handler runs, and what to do when its promise settles (neither callback throws). */
export interface HandlerEntry {
  readonly context: Context;
  /** Gets the handler's result (the event it returned, if any). */
  readonly onFulfilled?: (result: unknown) => void;
  readonly onRejected: (error: unknown) => void;
}

export interface HandlerHooks {
  /** The context the handler runs in, and callbacks for its outcome. */
  enter(call: HandlerCall): HandlerEntry;
}

/** Hooks every handler call of one workflow context (a run). */
export function hookHandlers(root: RootContext, hooks: HandlerHooks): void {
  const subscribe = root.__internal__call_context?.subscribe;
  if (typeof subscribe !== 'function') {
    reportInternal('workflow hook', new TypeError('the installed @llamaindex/workflow-core has no __internal__call_context'));
    return;
  }
  // Runs for every handler of the run: no closure, object or context switch it can avoid.
  subscribe.call(root.__internal__call_context, (call, next) => {
    let entered: HandlerEntry | undefined;
    try {
      entered = hooks.enter(call);
    } catch (error) {
      reportInternal('workflow step enter', error);
    }
    if (!entered) {
      next(call);
      return;
    }
    // Most handlers already run in the run's context (they inherit the sender's).
    if (entered.context === otelContext.active()) next(call);
    else otelContext.with(entered.context, next, undefined, call);
    try {
      const pending = call.pending;
      if (pending && typeof pending.then === 'function') pending.then(entered.onFulfilled, entered.onRejected);
    } catch (error) {
      reportInternal('workflow step outcome', error);
    }
  });
}

interface WorkflowHolder {
  workflow?: { createContext?: unknown; [HOOKED]?: true };
}

// Per copy of this module (not Symbol.for): another copy installs and feeds its own wrapper.
const HOOKED = Symbol('agentspan.llamaindex.createContext');

/** The hooks for the next context the given workflow creates (set only while its run starts). */
let waiting: { workflow: object; hooks: HandlerHooks } | undefined;

/**
 * Wraps a workflow's createContext once (not per run: redefining a property on every run
 * costs more than the check). The wrapper hooks the context only when a run of that very
 * workflow is starting; otherwise, and once instrumentation is off, it passes straight through.
 */
function install(workflow: { createContext?: unknown; [HOOKED]?: true }, createContext: (...args: unknown[]) => unknown): void {
  Object.defineProperty(workflow, 'createContext', {
    configurable: true,
    writable: true,
    value: function (this: unknown, ...args: unknown[]) {
      const root: unknown = createContext.apply(this, args);
      const entry = waiting;
      if (entry?.workflow === workflow) {
        waiting = undefined;
        safely('workflow hook', () => hookHandlers(root as RootContext, entry.hooks), undefined);
      }
      return root;
    },
  });
  Object.defineProperty(workflow, HOOKED, { value: true });
}

/**
 * Runs `start` (the framework's runStream) on `holder` so that the workflow context it creates gets
 * our hook before its first event is sent. runStream creates the context synchronously.
 */
export function withHandlerHooks<H extends WorkflowHolder, T>(
  holder: H,
  hooks: HandlerHooks,
  start: (this: H, ...args: unknown[]) => T,
  args: unknown[],
): T {
  const workflow = holder.workflow;
  const createContext = workflow?.createContext;
  if (!workflow || typeof createContext !== 'function') return start.apply(holder, args);
  if (!workflow[HOOKED]) safely('workflow hook', () => install(workflow, createContext as (...args: unknown[]) => unknown), undefined);
  if (!workflow[HOOKED]) return start.apply(holder, args);
  const outer = waiting;
  waiting = { workflow, hooks };
  try {
    return start.apply(holder, args);
  } finally {
    waiting = outer;
  }
}
