import { describe, expect, it } from 'vitest';
import { normalizeUsage } from '../src/index.js';

describe('normalizeUsage', () => {
  it('OpenAI chat completions', () => {
    expect(normalizeUsage({ prompt_tokens: 420, completion_tokens: 24, prompt_tokens_details: { cached_tokens: 128 }, completion_tokens_details: { reasoning_tokens: 3 } }))
      .toEqual({ inputTokens: 420, outputTokens: 24, cacheReadInputTokens: 128, reasoningOutputTokens: 3 });
  });
  it('OpenAI responses API', () => {
    expect(normalizeUsage({ input_tokens: 10, output_tokens: 5, input_tokens_details: { cached_tokens: 4 }, output_tokens_details: { reasoning_tokens: 2 } }))
      .toEqual({ inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 4, reasoningOutputTokens: 2 });
  });
  it('Anthropic: input excludes cache reads and writes, so they are added', () => {
    expect(normalizeUsage({ input_tokens: 100, output_tokens: 7, cache_read_input_tokens: 50, cache_creation_input_tokens: 20 }))
      .toEqual({ inputTokens: 170, outputTokens: 7, cacheReadInputTokens: 50, cacheWriteInputTokens: 20 });
  });
  it('LangChain usage_metadata', () => {
    expect(normalizeUsage({ input_tokens: 420, output_tokens: 24, total_tokens: 444, input_token_details: { cache_read: 128 }, output_token_details: { reasoning: 0 } }))
      .toEqual({ inputTokens: 420, outputTokens: 24, cacheReadInputTokens: 128 });
  });
  it('Gemini: candidates exclude thoughts', () => {
    expect(normalizeUsage({ promptTokenCount: 30, candidatesTokenCount: 10, thoughtsTokenCount: 5, cachedContentTokenCount: 8 }))
      .toEqual({ inputTokens: 30, outputTokens: 15, cacheReadInputTokens: 8, reasoningOutputTokens: 5 });
  });
  it('AI SDK result usage and provider V4 usage', () => {
    expect(normalizeUsage({ inputTokens: 420, outputTokens: 24, inputTokenDetails: { cacheReadTokens: 128 }, outputTokenDetails: { reasoningTokens: 0 } }))
      .toEqual({ inputTokens: 420, outputTokens: 24, cacheReadInputTokens: 128 });
    expect(normalizeUsage({ inputTokens: { total: 512, noCache: 512 }, outputTokens: { total: 64, text: 48, reasoning: 16 } }))
      .toEqual({ inputTokens: 512, outputTokens: 64, reasoningOutputTokens: 16 });
  });
  it('OpenAI Agents SDK Usage: snake_case details per request, summed', () => {
    expect(normalizeUsage({ requests: 1, inputTokens: 420, outputTokens: 24, totalTokens: 444, inputTokensDetails: [{ cached_tokens: 128 }], outputTokensDetails: [{ reasoning_tokens: 0 }] }))
      .toEqual({ inputTokens: 420, outputTokens: 24, cacheReadInputTokens: 128 });
    expect(normalizeUsage({ inputTokens: 900, outputTokens: 60, inputTokensDetails: [{ cached_tokens: 100 }, { cached_tokens: 28 }], outputTokensDetails: { reasoning_tokens: 16 } }))
      .toEqual({ inputTokens: 900, outputTokens: 60, cacheReadInputTokens: 128, reasoningOutputTokens: 16 });
  });
  it('LangChain legacy tokenUsage, Ollama, wrapped usage', () => {
    expect(normalizeUsage({ promptTokens: 3, completionTokens: 4, totalTokens: 7 })).toEqual({ inputTokens: 3, outputTokens: 4 });
    expect(normalizeUsage({ prompt_eval_count: 9, eval_count: 2 })).toEqual({ inputTokens: 9, outputTokens: 2 });
    expect(normalizeUsage({ id: 'x', usage: { prompt_tokens: 1, completion_tokens: 2 } })).toEqual({ inputTokens: 1, outputTokens: 2 });
  });
  it('drops values that are not finite non-negative numbers', () => {
    expect(normalizeUsage({ prompt_tokens: Number.NaN, completion_tokens: -1 })).toBeUndefined();
    expect(normalizeUsage({ input_tokens: '12', output_tokens: 3 })).toEqual({ outputTokens: 3 });
    expect(normalizeUsage(null)).toBeUndefined();
    expect(normalizeUsage('nope')).toBeUndefined();
    expect(normalizeUsage({ inputTokens: Number.POSITIVE_INFINITY })).toBeUndefined();
  });
});

describe('zero breakdowns', () => {
  it('cache and reasoning counts of 0 mean none and are omitted; 0 output is kept', () => {
    expect(normalizeUsage({ prompt_tokens: 512, completion_tokens: 0, prompt_tokens_details: { cached_tokens: 0 }, completion_tokens_details: { reasoning_tokens: 0 } }))
      .toEqual({ inputTokens: 512, outputTokens: 0 });
  });
});

describe('providerName and readProviderResponse', async () => {
  const { providerName, readProviderResponse } = await import('../src/index.js');
  it('maps framework labels onto the conventions', () => {
    expect(providerName('openai.chat')).toBe('openai');
    expect(providerName('google.vertex.chat')).toBe('gcp.vertex_ai');
    expect(providerName('google_genai')).toBe('gcp.gemini');
    expect(providerName('bedrock_converse')).toBe('aws.bedrock');
    expect(providerName('MistralAI')).toBe('mistral_ai');
    expect(providerName('acme.chat')).toBe('acme');
    expect(providerName(undefined)).toBe('_OTHER');
  });
  it('accumulates Anthropic stream events', () => {
    const facts = readProviderResponse({ type: 'message_start', message: { id: 'm1', model: 'claude-sonnet-4-5', usage: { input_tokens: 10, cache_read_input_tokens: 5 } } });
    readProviderResponse({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 7 } }, facts);
    expect(facts).toMatchObject({ responseModel: 'claude-sonnet-4-5', responseId: 'm1', finishReasons: ['end_turn'] });
    expect(normalizeUsage(facts.usage)).toEqual({ inputTokens: 15, outputTokens: 7, cacheReadInputTokens: 5 });
  });
});
