// A rollup scope over a span agentspan does not own (the HTTP server span): the state that
// makes every GenAI call below add to it, with the turn's ids (also set on the span).
import type { Context, Span } from '@opentelemetry/api';
import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_USER_ID } from '@agentspan/semconv';
import { type State, getState } from './context-state.js';
import { Rollup, SCOPE_ROLLUP_KEYS } from './rollup.js';
import type { TurnIdentity } from './types.js';

/** Sets the turn's ids on the span: the given ones, else those of the parent's state. */
export function setScopeIds(span: Span, parent: Context, ids?: TurnIdentity): void {
  const state = getState(parent);
  const conversationId = ids?.conversationId ?? state.conversationId;
  const userId = ids?.userId ?? state.userId;
  if (conversationId !== undefined) span.setAttribute(ATTR_GEN_AI_CONVERSATION_ID, conversationId);
  if (userId !== undefined) span.setAttribute(ATTR_USER_ID, userId);
}

/** The scope's state over the parent's, the span untouched (no context made: callers decide where it lives). */
export function scopeState(span: Span, parent: Context, ids?: TurnIdentity): State {
  const state = getState(parent);
  const rollup = new Rollup(span, state.rollup, SCOPE_ROLLUP_KEYS, true);
  return { ...state, rollup, conversationId: ids?.conversationId ?? state.conversationId, userId: ids?.userId ?? state.userId };
}

/** Both: the ids on the span, and the scope's state. */
export function rollupScopeState(span: Span, parent: Context, ids?: TurnIdentity): State {
  setScopeIds(span, parent, ids);
  return scopeState(span, parent, ids);
}
