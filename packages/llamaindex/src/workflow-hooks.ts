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

interface RootContext {
  __internal__call_context?: { subscribe?: (middleware: Middleware) => unknown };
}

export interface HandlerHooks {
  /** The context the handler runs in, and a callback for its outcome. */
  enter(call: HandlerCall): { context: Context; settled?: (error: unknown, failed: boolean) => void };
}

function hook(root: RootContext, hooks: HandlerHooks): void {
  const subscribe = root.__internal__call_context?.subscribe;
  if (typeof subscribe !== 'function') {
    reportInternal('workflow hook', new TypeError('the installed @llamaindex/workflow-core has no __internal__call_context'));
    return;
  }
  subscribe.call(root.__internal__call_context, (call, next) => {
    const entered = safely('workflow step enter', () => hooks.enter(call), undefined);
    if (!entered) {
      next(call);
      return;
    }
    // Most handlers already run in the run's context (they inherit the sender's).
    if (entered.context === otelContext.active()) next(call);
    else otelContext.with(entered.context, () => next(call));
    const settled = entered.settled;
    const pending = call.pending;
    if (settled && pending && typeof pending.then === 'function') {
      pending.then(
        () => safely('workflow step end', () => settled(undefined, false), undefined),
        (error: unknown) => safely('workflow step error', () => settled(error, true), undefined),
      );
    }
  });
}

interface WorkflowHolder {
  workflow?: { createContext?: unknown };
}

/**
 * Runs `start` (the framework's runStream) so that the workflow context it creates gets
 * our hook before its first event is sent. runStream creates the context synchronously.
 */
export function withHandlerHooks<T>(holder: WorkflowHolder, hooks: HandlerHooks, start: () => T): T {
  const workflow = holder.workflow;
  const createContext = workflow?.createContext;
  if (!workflow || typeof createContext !== 'function') return start();
  const own = Object.getOwnPropertyDescriptor(workflow, 'createContext');
  Object.defineProperty(workflow, 'createContext', {
    configurable: true,
    writable: true,
    value: function (this: unknown, ...args: unknown[]) {
      const root: unknown = createContext.apply(this, args);
      safely('workflow hook', () => hook(root as RootContext, hooks), undefined);
      return root;
    },
  });
  try {
    return start();
  } finally {
    if (own) Object.defineProperty(workflow, 'createContext', own);
    else delete (workflow as { createContext?: unknown }).createContext;
  }
}
