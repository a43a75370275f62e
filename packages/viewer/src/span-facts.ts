// The GenAI facts a turn summary and the per-model totals need from one span.
import {
  ATTR_AGENTSPAN_COST_USD,
  ATTR_AGENTSPAN_LLM_CALLS,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROMPT_NAME,
  ATTR_GEN_AI_PROMPT_VERSION,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  GEN_AI_OPERATIONS,
} from '@agentspan/semconv';
import type { AttributeValue } from './api-types.js';

/** Operations whose span is one model call: its usage and cost are its own, not a rollup. */
const MODEL_CALL_OPERATIONS: ReadonlySet<string> = new Set([
  GEN_AI_OPERATIONS.chat,
  GEN_AI_OPERATIONS.generateContent,
  GEN_AI_OPERATIONS.textCompletion,
  GEN_AI_OPERATIONS.embeddings,
]);

/** Operations whose usage and cost attributes sum their subtree (span-tree.md, "Rollups"). */
const ROLLUP_OPERATIONS: ReadonlySet<string> = new Set([
  GEN_AI_OPERATIONS.invokeAgent,
  GEN_AI_OPERATIONS.invokeWorkflow,
]);

export interface SpanFacts {
  operation: string | null;
  /** Set only on model-call spans: request model, else response model. */
  model: string | null;
  provider: string | null;
  /** Usage and cost counted for the turn; null on rollup spans and where not reported. */
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  reasoningTokens: number | null;
  costUsd: number | null;
  /** Time to the first chunk of a streamed model call, in ms (null elsewhere). */
  ttftMs: number | null;
  /** A model call that reported tokens but no cost: its price is unknown. */
  unpriced: boolean;
  /** The prompt template the span used (gen_ai.prompt.name / .version), if any. */
  promptName: string | null;
  promptVersion: string | null;
}

export function stringAttr(attrs: Record<string, AttributeValue>, key: string): string | null {
  const v = attrs[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

/** Usage values count only when finite and non-negative (as the core writes them). */
function amount(attrs: Record<string, AttributeValue>, key: string): number | null {
  const v = attrs[key];
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}

/**
 * A rollup span (invoke_agent, invoke_workflow, or any span carrying call counts such as the
 * HTTP server span) repeats its children's usage and cost: counting it would double them.
 */
export function isRollupSpan(attrs: Record<string, AttributeValue>): boolean {
  const op = stringAttr(attrs, ATTR_GEN_AI_OPERATION_NAME);
  return (op !== null && ROLLUP_OPERATIONS.has(op)) || attrs[ATTR_AGENTSPAN_LLM_CALLS] !== undefined;
}

export function spanFacts(attrs: Record<string, AttributeValue>): SpanFacts {
  const operation = stringAttr(attrs, ATTR_GEN_AI_OPERATION_NAME);
  const isCall = operation !== null && MODEL_CALL_OPERATIONS.has(operation);
  const counted = !isRollupSpan(attrs);
  const ttftSeconds = isCall ? amount(attrs, ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK) : null;
  const costUsd = counted ? amount(attrs, ATTR_AGENTSPAN_COST_USD) : null;
  const inputTokens = counted ? amount(attrs, ATTR_GEN_AI_USAGE_INPUT_TOKENS) : null;
  const outputTokens = counted ? amount(attrs, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS) : null;
  return {
    operation,
    model: isCall
      ? (stringAttr(attrs, ATTR_GEN_AI_REQUEST_MODEL) ?? stringAttr(attrs, ATTR_GEN_AI_RESPONSE_MODEL))
      : null,
    provider: isCall ? stringAttr(attrs, ATTR_GEN_AI_PROVIDER_NAME) : null,
    inputTokens,
    outputTokens,
    cachedInputTokens: counted ? amount(attrs, ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS) : null,
    reasoningTokens: counted ? amount(attrs, ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS) : null,
    costUsd,
    ttftMs: ttftSeconds === null ? null : ttftSeconds * 1000,
    unpriced: isCall && costUsd === null && (inputTokens !== null || outputTokens !== null),
    promptName: stringAttr(attrs, ATTR_GEN_AI_PROMPT_NAME),
    promptVersion: typeof attrs[ATTR_GEN_AI_PROMPT_VERSION] === 'number' ? String(attrs[ATTR_GEN_AI_PROMPT_VERSION]) : stringAttr(attrs, ATTR_GEN_AI_PROMPT_VERSION),
  };
}
