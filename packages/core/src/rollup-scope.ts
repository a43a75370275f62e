// A rollup scope over a span agentspan does not own (the HTTP server span): the state that
// makes every GenAI call below add to it, with the turn's ids (also set on the span).
import type { Context, Span } from '@opentelemetry/api';
import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_USER_ID } from '@agentspan/semconv';
import { type State, getState } from './context-state.js';
import { Rollup, SCOPE_ROLLUP_KEYS } from './rollup.js';
import type { TurnIdentity } from './types.js';

/** The scope's state over the parent's (no context made: callers decide where it lives). */
export function rollupScopeState(span: Span, parent: Context, ids?: TurnIdentity): State {
  const state = getState(parent);
  const conversationId = ids?.conversationId ?? state.conversationId;
  const userId = ids?.userId ?? state.userId;
  if (conversationId !== undefined) span.setAttribute(ATTR_GEN_AI_CONVERSATION_ID, conversationId);
  if (userId !== undefined) span.setAttribute(ATTR_USER_ID, userId);
  const rollup = new Rollup(span, state.rollup, SCOPE_ROLLUP_KEYS, true);
  return { ...state, rollup, conversationId, userId };
}
