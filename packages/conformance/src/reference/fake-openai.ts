// A scripted stand-in for the OpenAI chat completions client (only the network is replaced):
// it answers S1's two calls with OpenAI's own response and chunk shapes.
import { setTimeout as sleep } from 'node:timers/promises';
import type { S1Fixture } from '../fixture.js';

export interface OpenAIMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: OpenAIToolCall[];
  tool_call_id?: string;
}
export interface OpenAIToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}
export interface OpenAIUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
  completion_tokens_details: { reasoning_tokens: number };
}
export interface ChatCompletion {
  id: string;
  model: string;
  choices: { index: number; message: OpenAIMessage; finish_reason: string }[];
  usage: OpenAIUsage;
}
export interface ChatCompletionChunk {
  id: string;
  model: string;
  choices: { index: number; delta: { content?: string }; finish_reason: string | null }[];
  usage?: OpenAIUsage;
}
export interface ChatRequest {
  model: string;
  messages: OpenAIMessage[];
  tools?: { type: 'function'; function: { name: string; description: string; parameters: unknown } }[];
}

function openaiUsage(usage: {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number;
  reasoningOutputTokens?: number;
}): OpenAIUsage {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cacheReadInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: usage.reasoningOutputTokens ?? 0 },
  };
}

/** One turn's model: the first call asks for the tool (or fails), the second answers. */
export class FakeOpenAI {
  private calls = 0;

  constructor(
    private readonly fixture: S1Fixture,
    private readonly firstCallError?: Error,
  ) {}

  async create(request: ChatRequest): Promise<ChatCompletion> {
    await sleep(2); // a network round trip: lets concurrent turns interleave
    this.calls += 1;
    if (this.calls === 1) {
      if (this.firstCallError) throw this.firstCallError;
      const { toolCall } = this.fixture.chat1;
      return {
        id: 'chatcmpl-1',
        model: this.fixture.responseModel,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: null,
              tool_calls: [
                {
                  id: toolCall.id,
                  type: 'function',
                  function: { name: toolCall.name, arguments: JSON.stringify(toolCall.arguments) },
                },
              ],
            },
            finish_reason: this.fixture.chat1.finishReason,
          },
        ],
        usage: openaiUsage(this.fixture.chat1.usage),
      };
    }
    void request;
    return {
      id: 'chatcmpl-2',
      model: this.fixture.responseModel,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: this.fixture.chat2.text },
          finish_reason: this.fixture.chat2.finishReason,
        },
      ],
      usage: openaiUsage(this.fixture.chat2.usage),
    };
  }

  /** The final answer as OpenAI chunks; the last carries the finish reason and the usage. */
  async *stream(_request: ChatRequest, signal?: AbortSignal): AsyncGenerator<ChatCompletionChunk> {
    const { chunks } = this.fixture.chat2;
    for (const [index, content] of chunks.entries()) {
      await sleep(2);
      signal?.throwIfAborted();
      const last = index === chunks.length - 1;
      yield {
        id: 'chatcmpl-2',
        model: this.fixture.responseModel,
        choices: [{ index: 0, delta: { content }, finish_reason: last ? this.fixture.chat2.finishReason : null }],
        ...(last ? { usage: openaiUsage(this.fixture.chat2.usage) } : {}),
      };
    }
  }
}
