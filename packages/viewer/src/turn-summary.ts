// A turn (one trace) summarised incrementally: spans may arrive in any order and in several batches.
import {
  ATTR_AGENTSPAN_ERROR_CATEGORY,
  ATTR_AGENTSPAN_FRAMEWORK_NAME,
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_USER_ID,
  GEN_AI_OPERATIONS,
} from '@agentspan/semconv';
import type { StatusCodeName, Turn } from './api-types.js';
import type { IngestSpan } from './ingest-span.js';
import { type SpanFacts, stringAttr } from './span-facts.js';

export const STATUS_ERROR = 2;
const STATUS_NAMES: readonly StatusCodeName[] = ['unset', 'ok', 'error'];

export function statusName(code: number): StatusCodeName {
  return STATUS_NAMES[code] ?? 'unset';
}

/** A value together with the start time of the span it came from: the earliest one wins. */
export interface Earliest<T = string> {
  value: T | null;
  atMs: number;
}

export interface TurnState {
  traceId: string;
  /** The span without a parent; until it arrives, the earliest span stands in. */
  root: { spanId: string; name: string; startMs: number; endMs: number; status: number } | null;
  first: { spanId: string; name: string; startMs: number };
  maxEndMs: number;
  agentName: Earliest;
  conversationId: Earliest;
  userId: Earliest;
  /** The resource's service.name, and agentspan.framework.name (langchain, ai-sdk…). */
  serviceName: Earliest;
  framework: Earliest;
  /** The time to first chunk of the earliest streamed model call. */
  ttftMs: Earliest<number>;
  /** Model calls that reported tokens but no cost (no known price). */
  unpricedCalls: number;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  reasoningTokens: number;
  costUsd: number | null;
  hasError: boolean;
  errorType: Earliest;
  errorCategory: Earliest;
  models: string[];
  spanCount: number;
}

// MAX_VALUE, not Infinity: the state is stored as JSON, which has no Infinity.
const none = <T = string>(): Earliest<T> => ({ value: null, atMs: Number.MAX_VALUE });

export function emptyTurn(span: IngestSpan): TurnState {
  return {
    traceId: span.traceId,
    root: null,
    first: { spanId: span.spanId, name: span.name, startMs: span.startTimeMs },
    maxEndMs: span.endTimeMs,
    agentName: none(),
    conversationId: none(),
    userId: none(),
    serviceName: none(),
    framework: none(),
    ttftMs: none<number>(),
    unpricedCalls: 0,
    inputTokens: 0,
    outputTokens: 0,
    cachedInputTokens: 0,
    reasoningTokens: 0,
    costUsd: null,
    hasError: false,
    errorType: none(),
    errorCategory: none(),
    models: [],
    spanCount: 0,
  };
}

/** service.name; the SDK's default "unknown_service:/path/to/node" is shown as "unknown_service". */
function serviceName(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  return value.startsWith('unknown_service:') ? 'unknown_service' : value;
}

function keepEarliest<T>(current: Earliest<T>, value: T | null, atMs: number): Earliest<T> {
  return value !== null && atMs < current.atMs ? { value, atMs } : current;
}

/** Folds one newly stored span into the turn (each span exactly once). */
export function addSpan(turn: TurnState, span: IngestSpan, facts: SpanFacts): void {
  const at = span.startTimeMs;
  const attrs = span.attributes;
  turn.spanCount += 1;
  if (at < turn.first.startMs) turn.first = { spanId: span.spanId, name: span.name, startMs: at };
  if (span.endTimeMs > turn.maxEndMs) turn.maxEndMs = span.endTimeMs;
  if (span.parentSpanId === null && (turn.root === null || at < turn.root.startMs)) {
    turn.root = { spanId: span.spanId, name: span.name, startMs: at, endMs: span.endTimeMs, status: span.statusCode };
  }
  if (facts.operation === GEN_AI_OPERATIONS.invokeAgent) {
    turn.agentName = keepEarliest(turn.agentName, stringAttr(attrs, ATTR_GEN_AI_AGENT_NAME), at);
  }
  turn.conversationId = keepEarliest(turn.conversationId, stringAttr(attrs, ATTR_GEN_AI_CONVERSATION_ID), at);
  turn.userId = keepEarliest(turn.userId, stringAttr(attrs, ATTR_USER_ID), at);
  turn.serviceName = keepEarliest(turn.serviceName, serviceName(span.resource['service.name']), at);
  turn.framework = keepEarliest(turn.framework, stringAttr(attrs, ATTR_AGENTSPAN_FRAMEWORK_NAME), at);
  turn.ttftMs = keepEarliest(turn.ttftMs, facts.ttftMs, at);
  if (facts.unpriced) turn.unpricedCalls += 1;
  turn.inputTokens += facts.inputTokens ?? 0;
  turn.outputTokens += facts.outputTokens ?? 0;
  turn.cachedInputTokens += facts.cachedInputTokens ?? 0;
  turn.reasoningTokens += facts.reasoningTokens ?? 0;
  if (facts.costUsd !== null) turn.costUsd = (turn.costUsd ?? 0) + facts.costUsd;
  if (span.statusCode === STATUS_ERROR) {
    turn.hasError = true;
    // The outermost failure explains the turn: take the earliest failing span's classification.
    turn.errorType = keepEarliest(turn.errorType, stringAttr(attrs, ATTR_ERROR_TYPE), at);
    turn.errorCategory = keepEarliest(turn.errorCategory, stringAttr(attrs, ATTR_AGENTSPAN_ERROR_CATEGORY), at);
  }
  if (facts.model !== null && !turn.models.includes(facts.model)) turn.models.push(facts.model);
}

export function turnStartMs(turn: TurnState): number {
  return turn.root?.startMs ?? turn.first.startMs;
}

export function toApiTurn(turn: TurnState): Turn {
  const start = turnStartMs(turn);
  const end = turn.root?.endMs ?? turn.maxEndMs;
  return {
    traceId: turn.traceId,
    rootSpanId: turn.root?.spanId ?? turn.first.spanId,
    rootName: turn.root?.name ?? turn.first.name,
    agentName: turn.agentName.value,
    conversationId: turn.conversationId.value,
    userId: turn.userId.value,
    serviceName: turn.serviceName.value,
    framework: turn.framework.value,
    startTimeMs: start,
    durationMs: Math.max(0, end - start),
    inputTokens: turn.inputTokens,
    outputTokens: turn.outputTokens,
    cachedInputTokens: turn.cachedInputTokens,
    reasoningTokens: turn.reasoningTokens,
    costUsd: turn.costUsd === null ? null : roundCost(turn.costUsd),
    unpricedCalls: turn.unpricedCalls,
    ttftMs: turn.ttftMs.value,
    status: turn.root === null ? 'unset' : statusName(turn.root.status),
    hasError: turn.hasError,
    errorType: turn.errorType.value,
    errorCategory: turn.errorCategory.value,
    models: [...turn.models],
    spanCount: turn.spanCount,
  };
}

/** Sums of float costs drift (0.0000678 + 0.0001152); 12 decimals is far below a cent. */
export function roundCost(usd: number): number {
  return Math.round(usd * 1e12) / 1e12;
}
