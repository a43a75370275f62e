// A turn's summary as a row of the turns table, and back: the columns hold the values (what the
// list, sorts, filters and trends read); `merge` holds the little more that merging a later
// batch of the same trace needs (which span is first, the start times values came from).
import type { SQLInputValue, SQLOutputValue } from 'node:sqlite';
import type { StatusCodeName, Turn } from './api-types.js';
import { binOf } from './histogram.js';
import { type Earliest, type TurnState, toApiTurn, turnStartMs } from './turn-summary.js';

/** The Earliest fields of a TurnState and their columns. */
const EARLIEST = {
  agentName: 'agent_name',
  conversationId: 'conversation_id',
  userId: 'user_id',
  serviceName: 'service_name',
  framework: 'framework',
  ttftMs: 'ttft_ms',
  errorType: 'error_type',
  errorCategory: 'error_category',
} as const;
type EarliestKey = keyof typeof EARLIEST;

interface MergeState {
  /** The root span's end and status code, when the root has arrived. */
  root: [endMs: number, status: number] | null;
  first: [spanId: string, name: string, startMs: number];
  maxEndMs: number;
  /** Start time of the span each value came from (only for values that are set). */
  at: Partial<Record<EarliestKey, number>>;
}

export const TURN_COLUMNS = [
  'start_ms',
  'duration_ms',
  'root_span_id',
  'root_name',
  'agent_name',
  'conversation_id',
  'user_id',
  'service_name',
  'framework',
  'status',
  'has_error',
  'error_type',
  'error_category',
  'input_tokens',
  'output_tokens',
  'cached_input_tokens',
  'reasoning_tokens',
  'total_tokens',
  'cost_usd',
  'unpriced_calls',
  'ttft_ms',
  'duration_bin',
  'ttft_bin',
  'models',
  'span_count',
  'text_docs',
  'merge',
] as const;

/** The values of TURN_COLUMNS, in order. */
export function turnValues(state: TurnState, textDocs: number): SQLInputValue[] {
  const t = toApiTurn(state);
  const at: MergeState['at'] = {};
  for (const key of Object.keys(EARLIEST) as EarliestKey[]) {
    const earliest: Earliest<unknown> = state[key];
    if (earliest.value !== null) at[key] = earliest.atMs;
  }
  const merge: MergeState = {
    root: state.root === null ? null : [state.root.endMs, state.root.status],
    first: [state.first.spanId, state.first.name, state.first.startMs],
    maxEndMs: state.maxEndMs,
    at,
  };
  return [
    turnStartMs(state),
    t.durationMs,
    t.rootSpanId,
    t.rootName,
    t.agentName,
    t.conversationId,
    t.userId,
    t.serviceName,
    t.framework,
    t.status,
    t.hasError ? 1 : 0,
    t.errorType,
    t.errorCategory,
    t.inputTokens,
    t.outputTokens,
    t.cachedInputTokens,
    t.reasoningTokens,
    t.inputTokens + t.outputTokens,
    t.costUsd,
    t.unpricedCalls,
    t.ttftMs,
    binOf(t.durationMs),
    binOf(t.ttftMs),
    JSON.stringify(t.models),
    t.spanCount,
    textDocs,
    JSON.stringify(merge),
  ];
}

const str = (v: SQLOutputValue | undefined): string | null => (typeof v === 'string' ? v : null);
const num = (v: SQLOutputValue | undefined): number => (typeof v === 'number' ? v : Number(v ?? 0));
const numOrNull = (v: SQLOutputValue | undefined): number | null => (v === null || v === undefined ? null : num(v));

function models(row: Record<string, SQLOutputValue>): string[] {
  try {
    const parsed: unknown = JSON.parse(str(row.models) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((m): m is string => typeof m === 'string') : [];
  } catch {
    return []; // a damaged row: no models rather than no list
  }
}

/** The summary state stored in a turns row, to merge a later batch into. */
export function rowToState(row: Record<string, SQLOutputValue>): TurnState {
  const merge = JSON.parse(str(row.merge) ?? '{}') as MergeState;
  const earliest = <T>(key: EarliestKey, value: T | null): Earliest<T> =>
    value === null ? { value: null, atMs: Number.MAX_VALUE } : { value, atMs: merge.at[key] ?? Number.MAX_VALUE };
  const startMs = num(row.start_ms);
  return {
    traceId: str(row.trace_id) ?? '',
    root:
      merge.root === null
        ? null
        : { spanId: str(row.root_span_id) ?? '', name: str(row.root_name) ?? '', startMs, endMs: merge.root[0], status: merge.root[1] },
    first: { spanId: merge.first[0], name: merge.first[1], startMs: merge.first[2] },
    maxEndMs: merge.maxEndMs,
    agentName: earliest('agentName', str(row.agent_name)),
    conversationId: earliest('conversationId', str(row.conversation_id)),
    userId: earliest('userId', str(row.user_id)),
    serviceName: earliest('serviceName', str(row.service_name)),
    framework: earliest('framework', str(row.framework)),
    ttftMs: earliest('ttftMs', numOrNull(row.ttft_ms)),
    unpricedCalls: num(row.unpriced_calls),
    inputTokens: num(row.input_tokens),
    outputTokens: num(row.output_tokens),
    cachedInputTokens: num(row.cached_input_tokens),
    reasoningTokens: num(row.reasoning_tokens),
    costUsd: numOrNull(row.cost_usd),
    hasError: num(row.has_error) === 1,
    errorType: earliest('errorType', str(row.error_type)),
    errorCategory: earliest('errorCategory', str(row.error_category)),
    models: models(row),
    spanCount: num(row.span_count),
  };
}

/** A turns row as the API's Turn. */
export function rowToTurn(row: Record<string, SQLOutputValue>): Turn {
  return {
    traceId: str(row.trace_id) ?? '',
    rootSpanId: str(row.root_span_id) ?? '',
    rootName: str(row.root_name) ?? '',
    agentName: str(row.agent_name),
    conversationId: str(row.conversation_id),
    userId: str(row.user_id),
    serviceName: str(row.service_name),
    framework: str(row.framework),
    startTimeMs: num(row.start_ms),
    durationMs: num(row.duration_ms),
    inputTokens: num(row.input_tokens),
    outputTokens: num(row.output_tokens),
    cachedInputTokens: num(row.cached_input_tokens),
    reasoningTokens: num(row.reasoning_tokens),
    costUsd: numOrNull(row.cost_usd),
    unpricedCalls: num(row.unpriced_calls),
    ttftMs: numOrNull(row.ttft_ms),
    status: (str(row.status) ?? 'unset') as StatusCodeName,
    hasError: num(row.has_error) === 1,
    errorType: str(row.error_type),
    errorCategory: str(row.error_category),
    models: models(row),
    spanCount: num(row.span_count),
  };
}
