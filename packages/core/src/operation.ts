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
import { now } from './clock.js';
import { type OperationNode, type State, getState, operationContext } from './context-state.js';
import { classifyError, errorMessage } from './errors.js';
import type { Rollup } from './rollup.js';
import type { Runtime } from './runtime.js';
import { reportInternal } from './safety.js';
import type { Operation, OperationStart } from './types.js';

export interface Outcome {
  errorType?: string;
  category?: ErrorCategory;
}

export abstract class BaseOperation<R> implements Operation<R>, OperationNode {
  abstract readonly kind: string;
  readonly span: Span;
  readonly parentNode: OperationNode | undefined;
  readonly startMs: number;
  protected readonly parentState: State;
  private readonly parentCtx: Context;
  private readonly conversationId: string | undefined;
  private readonly userId: string | undefined;
  private ownState: State | undefined;
  private ctx: Context | undefined;
  private children: Set<OperationNode> | undefined;
  private done = false;

  constructor(
    protected readonly rt: Runtime,
    name: string,
    kind: SpanKind,
    start: OperationStart,
    attributes: Attributes,
  ) {
    const parentCtx = start.parent ?? otelContext.active();
    const parentState = getState(parentCtx);
    const conversationId = start.conversationId ?? parentState.conversationId;
    const userId = start.userId ?? parentState.userId;
    if (conversationId !== undefined) attributes[ATTR_GEN_AI_CONVERSATION_ID] = conversationId;
    if (userId !== undefined) attributes[ATTR_USER_ID] = userId;
    if (start.attributes) Object.assign(attributes, start.attributes);
    this.startMs = start.startTime ?? now();
    this.span = rt.tracer.startSpan(name, { kind, attributes, startTime: this.startMs }, parentCtx);
    this.parentCtx = parentCtx;
    this.parentState = parentState;
    this.parentNode = parentState.node;
    this.conversationId = conversationId;
    this.userId = userId;
    this.parentNode?.attach(this);
  }

  /** This operation's state for the operations below it, made on first use. */
  protected get state(): State {
    this.ownState ??= this.makeState({
      node: this,
      rollup: this.parentState.rollup,
      conversationId: this.conversationId,
      userId: this.userId,
      agentName: this.parentState.agentName,
    });
    return this.ownState;
  }

  /** Agents add their rollup and name here. */
  protected makeState(inherited: State): State {
    return inherited;
  }

  /** Made on first use: most leaf operations never need one (two context copies saved). */
  get context(): Context {
    this.ctx ??= operationContext(this.parentCtx, this.span, this.state);
    return this.ctx;
  }

  get ended(): boolean {
    return this.done;
  }

  /** The rollup this operation's calls count into (the enclosing agent's or request's). */
  protected get rollup(): Rollup | undefined {
    return this.parentState.rollup;
  }

  run<T>(fn: () => T): T {
    return otelContext.with(this.context, fn);
  }

  setAttributes(attributes: Attributes): void {
    if (!this.done) this.span.setAttributes(attributes);
  }

  end(result?: R): void {
    if (this.done) return;
    try {
      this.onEnd(result);
    } catch (error) {
      reportInternal(`${this.kind}: end`, error);
    }
    this.finish({});
  }

  fail(error: unknown): void {
    if (this.done) return;
    const { type, category } = classifyError(error);
    if (category === 'cancelled') {
      this.stop(error, type, category, false);
      return;
    }
    this.stop(error, type, category, true);
  }

  cancel(reason?: unknown): void {
    if (this.done) return;
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
    if (!this.children) this.children = new Set();
    this.children.add(child);
  }
  detach(child: OperationNode): void {
    this.children?.delete(child);
  }

  /** Ends this operation's open descendants, then itself, with an error. */
  private stop(error: unknown, type: string, category: ErrorCategory, withEvent: boolean): void {
    if (this.done) return;
    if (this.children && this.children.size > 0) {
      for (const child of [...this.children]) {
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
    const stack = error instanceof Error ? error.stack : undefined;
    if (stack) attributes[ATTR_EXCEPTION_STACKTRACE] = this.rt.content.redactMessage(stack);
    this.span.addEvent('exception', attributes, now());
  }

  private finish(outcome: Outcome): void {
    this.done = true;
    const endMs = now();
    try {
      this.onFinish((endMs - this.startMs) / 1000, outcome);
    } catch (error) {
      reportInternal(`${this.kind}: finish`, error);
    }
    this.span.end(endMs);
    this.parentNode?.detach(this);
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
