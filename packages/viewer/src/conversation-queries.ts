// A conversation: every turn of one gen_ai.conversation.id in order, read as the dialogue it
// was (the user's message, the answer, the tools called) with per-turn and total usage.
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
  ATTR_GEN_AI_TOOL_CALL_RESULT,
  ATTR_GEN_AI_TOOL_NAME,
  GEN_AI_OPERATIONS,
} from '@agentspan/semconv';
import type { DatabaseSync } from 'node:sqlite';
import type { Conversation, ConversationTurn, Span, ToolCallSummary } from './api-types.js';
import { answerText, contentText, lastUserText } from './message-text.js';
import { rowToSpan, SPAN_SELECT } from './span-rows.js';
import { TURN_SELECT } from './turn-queries.js';
import { rowToTurn } from './turn-row.js';
import { roundCost } from './turn-summary.js';

/** The newest turns of a conversation shown at most, and the spans read per turn. */
export const MAX_CONVERSATION_TURNS = 500;
const MAX_SPANS_PER_TURN = 2000;

const MODEL_CALLS: ReadonlySet<string> = new Set([
  GEN_AI_OPERATIONS.chat,
  GEN_AI_OPERATIONS.generateContent,
  GEN_AI_OPERATIONS.textCompletion,
]);

const op = (span: Span): unknown => span.attributes[ATTR_GEN_AI_OPERATION_NAME];

function tool(span: Span): ToolCallSummary {
  const name = span.attributes[ATTR_GEN_AI_TOOL_NAME];
  const errorType = span.attributes[ATTR_ERROR_TYPE];
  return {
    spanId: span.spanId,
    name: typeof name === 'string' ? name : span.name,
    status: span.status.code,
    durationMs: span.durationMs,
    arguments: contentText(span.attributes[ATTR_GEN_AI_TOOL_CALL_ARGUMENTS]),
    result: contentText(span.attributes[ATTR_GEN_AI_TOOL_CALL_RESULT]),
    errorType: typeof errorType === 'string' ? errorType : null,
  };
}

/** The dialogue of one turn from its spans (in start order). */
function dialogue(spans: Span[]): Omit<ConversationTurn, 'turn'> {
  const calls = spans.filter((s) => MODEL_CALLS.has(op(s) as string));
  const withInput = [...calls, ...spans].find((s) => s.attributes[ATTR_GEN_AI_INPUT_MESSAGES] !== undefined);
  const byEnd = [...calls].sort((a, b) => b.endTimeMs - a.endTimeMs);
  const withOutput = [...byEnd, ...spans].find((s) => s.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES] !== undefined);
  const userMessage = lastUserText(withInput?.attributes[ATTR_GEN_AI_INPUT_MESSAGES]);
  const answer = answerText(withOutput?.attributes[ATTR_GEN_AI_OUTPUT_MESSAGES]);
  return {
    userMessage,
    answer,
    contentCaptured: withInput !== undefined || withOutput !== undefined,
    tools: spans.filter((s) => op(s) === GEN_AI_OPERATIONS.executeTool).map(tool),
  };
}

export function getConversation(db: DatabaseSync, conversationId: string): Conversation | null {
  const rows = db
    .prepare(`${TURN_SELECT} WHERE conversation_id = ? ORDER BY start_ms DESC, id DESC LIMIT ?`)
    .all(conversationId, MAX_CONVERSATION_TURNS + 1);
  if (rows.length === 0) return null;
  const truncated = rows.length > MAX_CONVERSATION_TURNS;
  const turns = rows.slice(0, MAX_CONVERSATION_TURNS).reverse().map(rowToTurn);
  const spansOf = db.prepare(`${SPAN_SELECT} WHERE trace_id = ? ORDER BY start_ms, end_ms DESC LIMIT ?`);
  const entries = turns.map((turn) => ({
    turn,
    ...dialogue(spansOf.all(turn.traceId, MAX_SPANS_PER_TURN).map(rowToSpan)),
  }));
  const priced = turns.filter((t) => t.costUsd !== null);
  return {
    conversationId,
    turns: entries,
    truncated,
    totals: {
      turns: turns.length,
      inputTokens: turns.reduce((sum, t) => sum + t.inputTokens, 0),
      outputTokens: turns.reduce((sum, t) => sum + t.outputTokens, 0),
      costUsd: priced.length === 0 ? null : roundCost(priced.reduce((sum, t) => sum + (t.costUsd ?? 0), 0)),
      unpricedCalls: turns.reduce((sum, t) => sum + t.unpricedCalls, 0),
      durationMs: turns.reduce((sum, t) => sum + t.durationMs, 0),
      errors: turns.filter((t) => t.hasError).length,
    },
  };
}
