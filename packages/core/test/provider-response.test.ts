// Facts read from raw provider responses and stream chunks (OpenAI, Anthropic, Ollama,
// Gemini), and the usage the core normalises from them.
import { describe, expect, it } from 'vitest';
import { normalizeUsage, readProviderResponse } from '../src/index.js';

describe('readProviderResponse', () => {
  it('OpenAI chat completion', () => {
    const facts = readProviderResponse({
      id: 'chatcmpl-1',
      model: 'gpt-4o-mini-2024-07-18',
      choices: [{ finish_reason: 'tool_calls' }],
      usage: { prompt_tokens: 420, completion_tokens: 24, prompt_tokens_details: { cached_tokens: 128 } },
    });
    expect(facts).toMatchObject({ responseId: 'chatcmpl-1', responseModel: 'gpt-4o-mini-2024-07-18', finishReasons: ['tool_calls'] });
    expect(normalizeUsage(facts.usage)).toEqual({ inputTokens: 420, outputTokens: 24, cacheReadInputTokens: 128 });
  });

  it('OpenAI stream: usage only on the last chunk, earlier nulls ignored', () => {
    const facts = {};
    readProviderResponse({ id: 'c', model: 'm', choices: [{ finish_reason: null }], usage: null }, facts);
    readProviderResponse({ id: 'c', model: 'm', choices: [{ finish_reason: 'stop' }], usage: { prompt_tokens: 5, completion_tokens: 2 } }, facts);
    expect(facts).toMatchObject({ finishReasons: ['stop'], usage: { prompt_tokens: 5, completion_tokens: 2 } });
  });

  it('Anthropic message and stream events (input and output usage in different events)', () => {
    expect(
      normalizeUsage(readProviderResponse({ id: 'msg_1', model: 'claude-x', stop_reason: 'end_turn', usage: { input_tokens: 10, cache_read_input_tokens: 4, output_tokens: 3 } }).usage),
    ).toEqual({ inputTokens: 14, outputTokens: 3, cacheReadInputTokens: 4 });
    const facts = {};
    readProviderResponse({ type: 'message_start', message: { id: 'msg_2', model: 'claude-y', usage: { input_tokens: 20, output_tokens: 1 } } }, facts);
    readProviderResponse({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'hi' } }, facts);
    readProviderResponse({ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 7 } }, facts);
    expect(facts).toMatchObject({ responseId: 'msg_2', responseModel: 'claude-y', finishReasons: ['tool_use'] });
    expect(normalizeUsage((facts as { usage: unknown }).usage)).toEqual({ inputTokens: 20, outputTokens: 7 });
  });

  it('Ollama: counts at the top level, done_reason', () => {
    const facts = readProviderResponse({ model: 'llama3.2', message: { role: 'assistant', content: 'x' }, done: true, done_reason: 'stop', prompt_eval_count: 26, eval_count: 9 });
    expect(facts).toMatchObject({ responseModel: 'llama3.2', finishReasons: ['stop'] });
    expect(normalizeUsage(facts.usage)).toEqual({ inputTokens: 26, outputTokens: 9 });
  });

  it('Gemini and OpenAI Responses', () => {
    const gemini = readProviderResponse({ modelVersion: 'gemini-2.0', candidates: [{ finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 8, candidatesTokenCount: 2 } });
    expect(gemini).toMatchObject({ responseModel: 'gemini-2.0', finishReasons: ['STOP'] });
    expect(normalizeUsage(gemini.usage)).toEqual({ inputTokens: 8, outputTokens: 2 });
    const responses = readProviderResponse({ type: 'response.completed', response: { id: 'resp_1', model: 'gpt-5', usage: { input_tokens: 3, output_tokens: 4 } } });
    expect(responses).toMatchObject({ responseId: 'resp_1', responseModel: 'gpt-5' });
  });

  it('ignores what is not an object', () => {
    expect(readProviderResponse(null)).toEqual({});
    expect(readProviderResponse(['a'])).toEqual({});
    expect(readProviderResponse('raw')).toEqual({});
  });
});
