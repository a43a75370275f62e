// The life of one operation's span: start, run inside, end exactly once with a result,
// an error or a cancellation. Subclasses add what their operation records.
import {
  type Attributes,
  type Context,
  type Span,
  type SpanKind,
  SpanStatusCode,
  context as otelContext,
} from '@opentelemetry/api';
import {
  ATTR_AGENTSPAN_ERROR_CATEGORY,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_USER_ID,
  type ErrorCategory,
} from '@agentspan/semconv';
import { hrTime, now } from './clock.js';
import { type OperationNode, type State, getState, operationContext } from './context-state.js';
import { classifyError, errorMessage, errorStack } from './errors.js';
import type { Rollup } from './rollup.js';
import type { Runtime } from './runtime.js';
import { reportInternal } from './safety.js';
import type { Operation, OperationStart } from './types.js';

export interface Outcome {
  errorType?: string;
  category?: ErrorCategory;
}

/** A successful end's outcome: shared, not allocated per operation. */
const SUCCESS: Outcome = Object.freeze({});

/**
 * What the base class keeps of every operation, in one object of one shape. The
 * subclasses' instances have a shape each (five or more in one turn): fields stored on
 * them by the shared base code would be megamorphic stores and loads (V8's slow generic
 * path), one per field per operation. Here the base stores one reference on the instance
 * and every other access is monomorphic.
 */
class OpCore {
  ownState: State | undefined = undefined;
  ctx: Context | undefined = undefined;
  done = false;
  // Open children, in start order: an intrusive list (no Set per parent, no hashing per child).
  firstChild: OpCore | undefined = undefined;
  lastChild: OpCore | undefined = undefined;
  prev: OpCore | undefined = undefined;
  next: OpCore | undefined = undefined;

  constructor(
    readonly op: BaseOperation<unknown>,
    readonly rt: Runtime,
    readonly span: Span,
    readonly startMs: number,
    readonly parentCtx: Context,
    readonly parentState: State,
    readonly conversationId: string | undefined,
    readonly userId: string | undefined,
  ) {}
}

export abstract class BaseOperation<R> implements Operation<R>, OperationNode {
  abstract readonly kind: string;
  // Declared, not a class field: a field definition here would itself be a megamorphic define.
  private declare readonly c: OpCore;

  constructor(rt: Runtime, name: string, kind: SpanKind, start: OperationStart, attributes: Attributes) {
    const parentCtx = start.parent ?? otelContext.active();
    const parentState = getState(parentCtx);
    const conversationId = start.conversationId ?? parentState.conversationId;
    const userId = start.userId ?? parentState.userId;
    if (conversationId !== undefined) attributes[ATTR_GEN_AI_CONVERSATION_ID] = conversationId;
    if (userId !== undefined) attributes[ATTR_USER_ID] = userId;
    if (start.attributes) Object.assign(attributes, start.attributes);
    // A caller's own start time goes to the SDK as given (it tells epoch from performance
    // timestamps); ours goes as an HrTime (no second clock read in the SDK).
    // Only a finite number counts: anything else (NaN, a string) would make the span's times NaN.
    const given = Number.isFinite(start.startTime) ? start.startTime : undefined;
    const startMs = given ?? now();
    const span = rt.tracer.startSpan(name, { kind, attributes, startTime: given ?? hrTime(startMs) }, parentCtx);
    const c = new OpCore(this as BaseOperation<unknown>, rt, span, startMs, parentCtx, parentState, conversationId, userId);
    this.c = c;
    parentState.node?.attach(this);
  }

  get span(): Span {
    return this.c.span;
  }
  get parentNode(): OperationNode | undefined {
    return this.c.parentState.node;
  }
  get startMs(): number {
    return this.c.startMs;
  }
  protected get rt(): Runtime {
    return this.c.rt;
  }
  protected get parentState(): State {
    return this.c.parentState;
  }

  /** This operation's state for the operations below it, made on first use. */
  protected get state(): State {
    const c = this.c;
    c.ownState ??= {
      node: this,
      rollup: this.rollup,
      conversationId: c.conversationId,
      userId: c.userId,
      agentName: this.agentNameBelow,
      prompt: c.parentState.prompt,
    };
    return c.ownState;
  }

  /** The innermost agent's name for the operations below (agents give their own). */
  protected get agentNameBelow(): string | undefined {
    return this.c.parentState.agentName;
  }

  /** Made on first use: most leaf operations never need one (two context copies saved). */
  get context(): Context {
    const c = this.c;
    c.ctx ??= operationContext(c.parentCtx, c.span, this.state);
    return c.ctx;
  }

  get ended(): boolean {
    return this.c.done;
  }

  /** The rollup this operation's calls count into (the enclosing agent's or request's). */
  protected get rollup(): Rollup | undefined {
    return this.c.parentState.rollup;
  }

  run<T>(fn: () => T): T {
    return otelContext.with(this.context, fn);
  }

  setAttributes(attributes: Attributes): void {
    const c = this.c;
    if (c.done) return;
    try {
      c.span.setAttributes(attributes);
    } catch (error) {
      reportInternal(`${this.kind}: attributes`, error);
    }
  }

  end(result?: R): void {
    if (this.c.done) return;
    try {
      this.onEnd(result);
    } catch (error) {
      reportInternal(`${this.kind}: end`, error);
    }
    this.finish(SUCCESS);
  }

  // classifyError never throws, whatever was thrown (getters, revoked Proxies).
  fail(error: unknown): void {
    if (this.c.done) return;
    const { type, category } = classifyError(error);
    this.stop(error, type, category, category !== 'cancelled');
  }

  cancel(reason?: unknown): void {
    if (this.c.done) return;
    const { type } = classifyError(reason ?? abortReason());
    this.stop(reason, type, 'cancelled', false);
  }

  // Called by a failing ancestor: its error ends the still-open descendants first.
  failFrom(error: unknown): void {
    this.fail(error);
  }
  cancelFrom(reason: unknown): void {
    this.cancel(reason);
  }

  attach(child: OperationNode): void {
    const p = this.c;
    const k = (child as BaseOperation<unknown>).c;
    k.prev = p.lastChild;
    k.next = undefined;
    if (p.lastChild) p.lastChild.next = k;
    else p.firstChild = k;
    p.lastChild = k;
  }
  detach(child: OperationNode): void {
    const p = this.c;
    const k = (child as BaseOperation<unknown>).c;
    const { prev, next } = k;
    if (prev) prev.next = next;
    else if (p.firstChild === k) p.firstChild = next;
    else return; // not ours (already detached)
    if (next) next.prev = prev;
    else p.lastChild = prev;
    k.prev = undefined;
    k.next = undefined;
  }

  /** Ends this operation's open descendants, then itself, with an error. */
  private stop(error: unknown, type: string, category: ErrorCategory, withEvent: boolean): void {
    if (this.c.done) return;
    if (this.c.firstChild) {
      // A snapshot: each child detaches itself as it ends (and never throws).
      const open: OperationNode[] = [];
      for (let k: OpCore | undefined = this.c.firstChild; k; k = k.next) open.push(k.op);
      for (const child of open) {
        if (withEvent) child.failFrom(error);
        else child.cancelFrom(error ?? abortReason());
      }
    }
    try {
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: this.rt.content.redactMessage(errorMessage(error ?? '')) });
      this.span.setAttribute(ATTR_ERROR_TYPE, type);
      this.span.setAttribute(ATTR_AGENTSPAN_ERROR_CATEGORY, category);
      if (withEvent) this.recordException(error, type);
      this.onError(error, type, category);
    } catch (e) {
      reportInternal(`${this.kind}: error`, e);
    }
    this.finish({ errorType: type, category });
  }

  private recordException(error: unknown, type: string): void {
    const attributes: Attributes = {
      [ATTR_EXCEPTION_TYPE]: type,
      [ATTR_EXCEPTION_MESSAGE]: this.rt.content.redactMessage(errorMessage(error)),
    };
    const stack = errorStack(error);
    if (stack) attributes[ATTR_EXCEPTION_STACKTRACE] = this.rt.content.redactMessage(stack);
    this.span.addEvent('exception', attributes, now());
  }

  // Each step guarded on its own: a span processor whose onEnd throws (span.end() runs it)
  // must not keep the operation attached to its parent, nor reach the caller.
  private finish(outcome: Outcome): void {
    const c = this.c;
    c.done = true;
    const endMs = now();
    try {
      this.onFinish((endMs - c.startMs) / 1000, outcome);
    } catch (error) {
      reportInternal(`${this.kind}: finish`, error);
    }
    try {
      c.span.end(hrTime(endMs));
    } catch (error) {
      reportInternal(`${this.kind}: span end`, error);
    }
    c.parentState.node?.detach(this);
  }

  /** Records the successful result's attributes. */
  protected abstract onEnd(result: R | undefined): void;
  /** Extra work when the operation fails (default: none). */
  protected onError(_error: unknown, _type: string, _category: ErrorCategory): void {}
  /** Rollups and metrics, for every outcome. */
  protected abstract onFinish(durationS: number, outcome: Outcome): void;
}

/**
 * An abandoned stream (nobody reads it) ends its operation and every open operation above
 * it as cancelled, the way an abort would have: the outermost open ancestor is cancelled,
 * which ends its open descendants first.
 */
export function abandon(op: Pick<Operation<never>, 'cancel'>, error: Error): void {
  if (!(op instanceof BaseOperation)) {
    op.cancel(error);
    return;
  }
  let outermost: OperationNode = op;
  for (let n = op.parentNode; n; n = n.parentNode) if (!n.ended) outermost = n;
  outermost.cancelFrom(error);
}

function abortReason(): Error {
  const error = new Error('The operation was cancelled');
  error.name = 'AbortError';
  return error;
}
