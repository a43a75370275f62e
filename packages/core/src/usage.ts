// One normalisation of every provider's usage shape into the conventions' meaning:
// input includes cache reads and writes, output includes reasoning; subsets are never
// counted twice. Values that are not finite non-negative numbers are dropped.
import type { Usage } from './types.js';

type Bag = Record<string, unknown>;

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null;
}
function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
function sum(...values: (number | undefined)[]): number | undefined {
  let total: number | undefined;
  for (const v of values) if (v !== undefined) total = (total ?? 0) + v;
  return total;
}
function pick(bag: unknown, key: string): unknown {
  return isBag(bag) ? bag[key] : undefined;
}

/** Breakdowns (subsets of input or output): 0 means "none" and is omitted like unknown. */
const BREAKDOWNS: ReadonlySet<keyof Usage> = new Set(['cacheReadInputTokens', 'cacheWriteInputTokens', 'reasoningOutputTokens']);

function build(usage: Usage): Usage | undefined {
  const out: Usage = {};
  let any = false;
  for (const key of Object.keys(usage) as (keyof Usage)[]) {
    const v = count(usage[key]);
    if (v === undefined || (v === 0 && BREAKDOWNS.has(key))) continue;
    out[key] = v;
    any = true;
  }
  return any ? out : undefined;
}

/** Anthropic: input_tokens excludes cache reads and writes. */
function anthropic(u: Bag): Usage | undefined {
  const read = count(u.cache_read_input_tokens);
  const write = count(u.cache_creation_input_tokens);
  return build({
    inputTokens: sum(count(u.input_tokens), read, write),
    outputTokens: count(u.output_tokens),
    cacheReadInputTokens: read,
    cacheWriteInputTokens: write,
  });
}

/** LangChain usage_metadata: totals include the details. */
function langchain(u: Bag): Usage | undefined {
  const inDetails = u.input_token_details;
  return build({
    inputTokens: count(u.input_tokens),
    outputTokens: count(u.output_tokens),
    cacheReadInputTokens: count(pick(inDetails, 'cache_read')),
    cacheWriteInputTokens: count(pick(inDetails, 'cache_creation')),
    reasoningOutputTokens: count(pick(u.output_token_details, 'reasoning')),
  });
}

/** OpenAI Responses API: input_tokens / output_tokens with *_details. */
function openaiResponses(u: Bag): Usage | undefined {
  return build({
    inputTokens: count(u.input_tokens),
    outputTokens: count(u.output_tokens),
    cacheReadInputTokens: count(pick(u.input_tokens_details, 'cached_tokens')),
    reasoningOutputTokens: count(pick(u.output_tokens_details, 'reasoning_tokens')),
  });
}

/** OpenAI Chat Completions (and the many OpenAI-compatible APIs). */
function openaiChat(u: Bag): Usage | undefined {
  return build({
    inputTokens: count(u.prompt_tokens),
    outputTokens: count(u.completion_tokens),
    cacheReadInputTokens: count(pick(u.prompt_tokens_details, 'cached_tokens')),
    reasoningOutputTokens: count(pick(u.completion_tokens_details, 'reasoning_tokens')),
  });
}

/** Google Gemini usageMetadata: candidates exclude thoughts. */
function gemini(u: Bag): Usage | undefined {
  const thoughts = count(u.thoughtsTokenCount);
  return build({
    inputTokens: count(u.promptTokenCount),
    outputTokens: sum(count(u.candidatesTokenCount), thoughts),
    cacheReadInputTokens: count(u.cachedContentTokenCount),
    reasoningOutputTokens: thoughts,
  });
}

/** AI SDK provider V3/V4 usage: {inputTokens: {total, noCache, cacheRead, cacheWrite}, outputTokens: {total, text, reasoning}}. */
function aiSdkProvider(u: Bag): Usage | undefined {
  const input = u.inputTokens;
  const output = u.outputTokens;
  const read = count(pick(input, 'cacheRead'));
  const write = count(pick(input, 'cacheWrite'));
  const reasoning = count(pick(output, 'reasoning'));
  return build({
    inputTokens: count(pick(input, 'total')) ?? sum(count(pick(input, 'noCache')), read, write),
    outputTokens: count(pick(output, 'total')) ?? sum(count(pick(output, 'text')), reasoning),
    cacheReadInputTokens: read,
    cacheWriteInputTokens: write,
    reasoningOutputTokens: reasoning,
  });
}

/** AI SDK 5+ result usage (and the core's own Usage shape). */
function camelCase(u: Bag): Usage | undefined {
  return build({
    inputTokens: count(u.inputTokens) ?? count(u.promptTokens),
    outputTokens: count(u.outputTokens) ?? count(u.completionTokens),
    cacheReadInputTokens:
      count(u.cacheReadInputTokens) ??
      count(pick(u.inputTokenDetails, 'cacheReadTokens')) ??
      count(u.cachedInputTokens),
    cacheWriteInputTokens:
      count(u.cacheWriteInputTokens) ?? count(pick(u.inputTokenDetails, 'cacheWriteTokens')),
    reasoningOutputTokens:
      count(u.reasoningOutputTokens) ??
      count(pick(u.outputTokenDetails, 'reasoningTokens')) ??
      count(u.reasoningTokens),
  });
}

/** Ollama: prompt_eval_count / eval_count. */
function ollama(u: Bag): Usage | undefined {
  return build({ inputTokens: count(u.prompt_eval_count), outputTokens: count(u.eval_count) });
}

/**
 * Normalises a usage object of any supported provider or framework. Returns undefined when
 * nothing usable is in it. Also accepts a response carrying `usage` / `usage_metadata` /
 * `usageMetadata`.
 */
export function normalizeUsage(raw: unknown): Usage | undefined {
  if (!isBag(raw)) return undefined;
  if ('cache_read_input_tokens' in raw || 'cache_creation_input_tokens' in raw) return anthropic(raw);
  if ('input_token_details' in raw || 'output_token_details' in raw) return langchain(raw);
  if ('input_tokens_details' in raw || 'output_tokens_details' in raw) return openaiResponses(raw);
  if ('prompt_tokens' in raw || 'completion_tokens' in raw) return openaiChat(raw);
  if ('promptTokenCount' in raw || 'candidatesTokenCount' in raw) return gemini(raw);
  if (isBag(raw.inputTokens) || isBag(raw.outputTokens)) return aiSdkProvider(raw);
  if ('inputTokens' in raw || 'outputTokens' in raw || 'promptTokens' in raw || 'completionTokens' in raw)
    return camelCase(raw);
  if ('prompt_eval_count' in raw || 'eval_count' in raw) return ollama(raw);
  if ('input_tokens' in raw || 'output_tokens' in raw) return anthropic(raw);
  for (const key of ['usage_metadata', 'usageMetadata', 'usage', 'tokenUsage']) {
    if (isBag(raw[key])) return normalizeUsage(raw[key]);
  }
  return undefined;
}
