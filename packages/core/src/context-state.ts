// agentspan's state in the OpenTelemetry context: the innermost operation, the rollup
// calls add to, and the turn's identifiers. One immutable object per operation.
import { type Context, type Span, createContextKey } from '@opentelemetry/api';
import { withSpanAndValue } from './linked-context.js';
import type { PromptRef } from './evaluation/types.js';
import type { Rollup } from './rollup.js';

/** The part of an operation other operations need to see. */
export interface OperationNode {
  readonly kind: string;
  readonly ended: boolean;
  readonly parentNode: OperationNode | undefined;
  attach(child: OperationNode): void;
  detach(child: OperationNode): void;
  cancelFrom(reason: unknown): void;
  failFrom(error: unknown): void;
}

export interface State {
  readonly node: OperationNode | undefined;
  readonly rollup: Rollup | undefined;
  readonly conversationId: string | undefined;
  readonly userId: string | undefined;
  /** The innermost agent's name (for tool spans and cost metrics). */
  readonly agentName: string | undefined;
  /** The prompt the chat calls below used (`withPrompt`), unless they name their own. */
  readonly prompt: PromptRef | undefined;
}

export const STATE_KEY = createContextKey('agentspan.state');
const EMPTY: State = {
  node: undefined,
  rollup: undefined,
  conversationId: undefined,
  userId: undefined,
  agentName: undefined,
  prompt: undefined,
};

export function getState(ctx: Context): State {
  return (ctx.getValue(STATE_KEY) as State | undefined) ?? EMPTY;
}

export function setState(ctx: Context, state: State): Context {
  return ctx.setValue(STATE_KEY, state);
}

/** The context of an operation: its span and its state over the parent's. */
export function operationContext(parent: Context, span: Span, state: State): Context {
  return withSpanAndValue(parent, span, STATE_KEY, state);
}

/**
 * The kind of the innermost agentspan operation in a context (`execute_tool`, `chat`…), if
 * any; opt-in framework spans are skipped (they wrap plumbing, not operations).
 */
export function operationKindIn(ctx: Context): string | undefined {
  let node = getState(ctx).node;
  while (node && node.kind === 'framework') node = node.parentNode;
  return node?.kind;
}
