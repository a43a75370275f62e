// The context a traced request's work runs in: the parent (instrumentation-http's context,
// or one with our own server span), the server span as the active span, and agentspan's
// state for the request's rollup scope, made when a GenAI operation first asks for it.
// Most requests of an app run none, and what a request keeps survives a scavenge with it
// (Node keeps recent requests alive until then): the state and its rollup cost nothing
// until then, and the context is one object.
import { type Context, type Span, createContextKey, trace } from '@opentelemetry/api';
import { STATE_KEY, type State } from '../context-state.js';
import { SPAN_KEY, linkValue } from '../linked-context.js';
import type { Rollup } from '../rollup.js';
import { scopeState } from '../rollup-scope.js';
import type { TurnIdentity } from '../types.js';

/** The request's trace, for lookups from a context (`Symbol.for`: shared by the ESM and CommonJS copies). */
export const REQUEST_TRACE_KEY = createContextKey('agentspan.httpRequestTrace');

/** What the context tells the request's trace. */
export interface RequestScopeOwner {
  /** A GenAI operation is starting under the request (it asked for the rollup state). */
  workStarted(): void;
}

export class RequestContext implements Context {
  private state: State | undefined;
  private closed = false;

  constructor(
    private readonly parent: Context,
    private readonly span: Span,
    private readonly ids: TurnIdentity,
    /** What REQUEST_TRACE_KEY finds. */
    private readonly owner: RequestScopeOwner,
  ) {}

  getValue(key: symbol): unknown {
    if (key === SPAN_KEY) return this.span;
    if (key === STATE_KEY) {
      this.owner.workStarted();
      return this.state ?? this.makeState();
    }
    if (key === REQUEST_TRACE_KEY) return this.owner;
    return this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return linkValue(this, key, value);
  }

  deleteValue(key: symbol): Context {
    return linkValue(this, key, undefined);
  }

  /** The scope's rollup, once a GenAI operation has made it. */
  get rollup(): Rollup | undefined {
    return this.state?.rollup;
  }

  /** The server span has ended (or is about to): later calls still reach enclosing rollups, not it. */
  close(): void {
    this.closed = true;
    if (this.state?.rollup) this.state.rollup.closed = true;
  }

  private makeState(): State {
    const state = scopeState(this.span, this.parent, this.ids);
    if (this.closed && state.rollup) state.rollup.closed = true;
    this.state = state;
    return state;
  }
}

/** The request's context; the span set the API's way when its key could not be read. */
export function requestContextOf(rc: RequestContext, span: Span): Context {
  return SPAN_KEY ? rc : trace.setSpan(rc, span);
}
