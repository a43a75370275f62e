// The OpenTelemetry context active while a run's SDK code runs. The SDK keeps its current
// span in an AsyncLocalStorage of its own and calls trace processors late (after every
// processor added before, each awaited), so no callback can make a span active for the
// work. Instead the run's code sees this context: each read asks the run which of its
// operations belongs to the SDK span the code is in now (a tool's body → execute_tool, a
// guardrail → apply_guardrail, a model call → the agent's context) and answers from that
// operation's context. Writes (a child span, a baggage entry) fork a plain context from it.
import type { Context } from '@opentelemetry/api';
import type { RunScope } from './run-scope.js';

export class RunContext implements Context {
  constructor(readonly scope: RunScope) {}

  getValue(key: symbol): unknown {
    return this.scope.currentContext().getValue(key);
  }
  setValue(key: symbol, value: unknown): Context {
    return this.scope.currentContext().setValue(key, value);
  }
  deleteValue(key: symbol): Context {
    return this.scope.currentContext().deleteValue(key);
  }
}

/** The run a context belongs to, when it is a run's own context. */
export function scopeOf(ctx: Context): RunScope | undefined {
  return ctx instanceof RunContext ? ctx.scope : undefined;
}

/** The static context to parent a new operation to: the run's current one, else `ctx` itself. */
export function parentContext(ctx: Context): Context {
  return ctx instanceof RunContext ? ctx.scope.currentContext() : ctx;
}
