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

/**
 * The normalised usage, with only the known values (no intermediate object: this runs on
 * every inference call). Breakdowns (subsets of input or output): 0 means "none" and is
 * omitted like unknown.
 */
function build(
  inputTokens: number | undefined,
  outputTokens: number | undefined,
  cacheReadInputTokens?: number,
  cacheWriteInputTokens?: number,
  reasoningOutputTokens?: number,
): Usage | undefined {
  const input = count(inputTokens);
  const output = count(outputTokens);
  const read = count(cacheReadInputTokens) || undefined;
  const write = count(cacheWriteInputTokens) || undefined;
  const reasoning = count(reasoningOutputTokens) || undefined;
  if (input === undefined && output === undefined && !read && !write && !reasoning) return undefined;
  const out: Usage = {};
  if (input !== undefined) out.inputTokens = input;
  if (output !== undefined) out.outputTokens = output;
  if (read) out.cacheReadInputTokens = read;
  if (write) out.cacheWriteInputTokens = write;
  if (reasoning) out.reasoningOutputTokens = reasoning;
  return out;
}

/** Anthropic: input_tokens excludes cache reads and writes. */
function anthropic(u: Bag): Usage | undefined {
  const read = count(u.cache_read_input_tokens);
  const write = count(u.cache_creation_input_tokens);
  return build(
    sum(count(u.input_tokens), read, write),
    count(u.output_tokens),
    read,
    write,
  );
}

/** LangChain usage_metadata: totals include the details. */
function langchain(u: Bag): Usage | undefined {
  const inDetails = u.input_token_details;
  return build(
    count(u.input_tokens),
    count(u.output_tokens),
    count(pick(inDetails, 'cache_read')),
    count(pick(inDetails, 'cache_creation')),
    count(pick(u.output_token_details, 'reasoning')),
  );
}

/**
 * OpenAI's two shapes, totals plus `*_details` with cache reads and reasoning: the Responses
 * API (input_tokens / output_tokens) and Chat Completions, used by the many OpenAI-compatible
 * APIs (prompt_tokens / completion_tokens).
 */
function openai(u: Bag, input: string, output: string, inDetails: string, outDetails: string): Usage | undefined {
  return build(
    count(u[input]),
    count(u[output]),
    count(pick(u[inDetails], 'cached_tokens')),
    undefined,
    count(pick(u[outDetails], 'reasoning_tokens')),
  );
}

/** Google Gemini usageMetadata: candidates exclude thoughts. */
function gemini(u: Bag): Usage | undefined {
  const thoughts = count(u.thoughtsTokenCount);
  return build(
    count(u.promptTokenCount),
    sum(count(u.candidatesTokenCount), thoughts),
    count(u.cachedContentTokenCount),
    undefined,
    thoughts,
  );
}

/** AI SDK provider V3/V4 usage: {inputTokens: {total, noCache, cacheRead, cacheWrite}, outputTokens: {total, text, reasoning}}. */
function aiSdkProvider(u: Bag): Usage | undefined {
  const input = u.inputTokens;
  const output = u.outputTokens;
  const read = count(pick(input, 'cacheRead'));
  const write = count(pick(input, 'cacheWrite'));
  const reasoning = count(pick(output, 'reasoning'));
  return build(
    count(pick(input, 'total')) ?? sum(count(pick(input, 'noCache')), read, write),
    count(pick(output, 'total')) ?? sum(count(pick(output, 'text')), reasoning),
    read,
    write,
    reasoning,
  );
}

/**
 * A snake_case detail of camelCase usage: an object, or one object per request summed (the
 * OpenAI Agents SDK's `inputTokensDetails: [{cached_tokens}]`).
 */
function detail(details: unknown, key: string): number | undefined {
  if (!Array.isArray(details)) return count(pick(details, key));
  let total: number | undefined;
  for (const d of details) total = sum(total, count(pick(d, key)));
  return total;
}

/** AI SDK 5+ result usage, the OpenAI Agents SDK's Usage (and the core's own Usage shape). */
function camelCase(u: Bag): Usage | undefined {
  return build(
    count(u.inputTokens) ?? count(u.promptTokens),
    count(u.outputTokens) ?? count(u.completionTokens),
    count(u.cacheReadInputTokens) ??
      count(pick(u.inputTokenDetails, 'cacheReadTokens')) ??
      count(u.cachedInputTokens) ??
      detail(u.inputTokensDetails, 'cached_tokens'),
    count(u.cacheWriteInputTokens) ?? count(pick(u.inputTokenDetails, 'cacheWriteTokens')),
    count(u.reasoningOutputTokens) ??
      count(pick(u.outputTokenDetails, 'reasoningTokens')) ??
      count(u.reasoningTokens) ??
      detail(u.outputTokensDetails, 'reasoning_tokens'),
  );
}

/** Ollama: prompt_eval_count / eval_count. */
function ollama(u: Bag): Usage | undefined {
  return build(
    count(u.prompt_eval_count),
    count(u.eval_count),
  );
}

/**
 * Normalises a usage object of any supported provider or framework. Returns undefined when
 * nothing usable is in it. Also accepts a response carrying `usage` / `usage_metadata` /
 * `usageMetadata`. Never throws.
 */
export function normalizeUsage(raw: unknown): Usage | undefined {
  try {
    return normalize(raw, 0);
  } catch {
    return undefined; // a throwing getter or a revoked Proxy: no usage
  }
}

function normalize(raw: unknown, depth: number): Usage | undefined {
  if (!isBag(raw)) return undefined;
  if ('cache_read_input_tokens' in raw || 'cache_creation_input_tokens' in raw) return anthropic(raw);
  if ('input_token_details' in raw || 'output_token_details' in raw) return langchain(raw);
  if ('input_tokens_details' in raw || 'output_tokens_details' in raw)
    return openai(raw, 'input_tokens', 'output_tokens', 'input_tokens_details', 'output_tokens_details');
  if ('prompt_tokens' in raw || 'completion_tokens' in raw)
    return openai(raw, 'prompt_tokens', 'completion_tokens', 'prompt_tokens_details', 'completion_tokens_details');
  if ('promptTokenCount' in raw || 'candidatesTokenCount' in raw) return gemini(raw);
  if (isBag(raw.inputTokens) || isBag(raw.outputTokens)) return aiSdkProvider(raw);
  if ('inputTokens' in raw || 'outputTokens' in raw || 'promptTokens' in raw || 'completionTokens' in raw)
    return camelCase(raw);
  if ('prompt_eval_count' in raw || 'eval_count' in raw) return ollama(raw);
  if ('input_tokens' in raw || 'output_tokens' in raw) return anthropic(raw);
  if (depth >= 4) return undefined;
  for (const key of ['usage_metadata', 'usageMetadata', 'usage', 'tokenUsage']) {
    if (isBag(raw[key])) return normalize(raw[key], depth + 1);
  }
  return undefined;
}
