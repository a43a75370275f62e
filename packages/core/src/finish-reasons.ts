// Maps every provider's finish reason onto the conventions' values.
import type { FinishReason } from '@agentspan/semconv';

const MAP: Record<string, FinishReason> = {
  stop: 'stop',
  end_turn: 'stop',
  stop_sequence: 'stop',
  eos: 'stop',
  complete: 'stop',
  length: 'length',
  max_tokens: 'length',
  model_length: 'length',
  content_filter: 'content_filter',
  'content-filter': 'content_filter',
  safety: 'content_filter',
  recitation: 'content_filter',
  blocklist: 'content_filter',
  prohibited_content: 'content_filter',
  refusal: 'content_filter',
  tool_calls: 'tool_call',
  'tool-calls': 'tool_call',
  tool_call: 'tool_call',
  tool_use: 'tool_call',
  function_call: 'tool_call',
  error: 'error',
};

const MAX_REASONS = 128;

function isArray(value: unknown): value is readonly unknown[] {
  try {
    return Array.isArray(value);
  } catch {
    return false; // a revoked Proxy
  }
}
const MAX_REASON_LENGTH = 64;

/** One raw reason → the conventions' value; an unknown reason is kept lower-cased. */
export function mapFinishReason(raw: string): string {
  const key = raw.toLowerCase();
  // An own entry only: "constructor" is an unknown reason, not Object's constructor.
  return Object.hasOwn(MAP, key) ? (MAP[key] as FinishReason) : key;
}

/**
 * The finish reasons to record: the mapped raw ones, or, when the framework gives none,
 * tool_call if the response has tool calls, else stop.
 */
export function resolveFinishReasons(
  raw: readonly (string | undefined | null)[] | undefined,
  toolCallCount: number | undefined,
): string[] {
  const mapped: string[] = [];
  if (isArray(raw)) {
    // Bounded: a provider's list is one reason per choice; a reason is a short word.
    const n = Math.min(raw.length, MAX_REASONS);
    for (let i = 0; i < n; i++) {
      const r = raw[i];
      if (typeof r === 'string' && r !== '') mapped.push(mapFinishReason(r.length > MAX_REASON_LENGTH ? r.slice(0, MAX_REASON_LENGTH) : r));
    }
  }
  if (mapped.length > 0) return mapped;
  return [typeof toolCallCount === 'number' && toolCallCount > 0 ? 'tool_call' : 'stop'];
}
