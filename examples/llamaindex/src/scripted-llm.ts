// A minimal LlamaIndex model for tests: a ToolCallLLM subclass whose chat is wrapped with
// LlamaIndex's own wrapLLMEvent (as every provider's is), answering from a script with
// OpenAI-shaped raw responses and stream chunks. Only the provider's network is replaced.
import { wrapLLMEvent } from '@llamaindex/core/decorator';
import {
  type ChatMessage,
  type ChatResponse,
  type ChatResponseChunk,
  type LLMChatParamsNonStreaming,
  type LLMChatParamsStreaming,
  type LLMMetadata,
  ToolCallLLM,
  type ToolCallLLMMessageOptions,
} from '@llamaindex/core/llms';

export interface ScriptedUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number;
  reasoningOutputTokens?: number;
}

export type ScriptStep =
  | { kind: 'tool_call'; id: string; name: string; arguments: Record<string, string>; usage: ScriptedUsage; finishReason: string }
  | { kind: 'answer'; chunks: readonly string[]; usage: ScriptedUsage; finishReason: string; chunkDelayMs?: number }
  | { kind: 'error'; error: unknown };

export interface ScriptedLLMOptions {
  model: string;
  responseModel: string;
  steps: readonly ScriptStep[];
  /** Called at the start of every chat call (e.g. to make a provider HTTP request). */
  beforeResponse?: () => Promise<void>;
}

/** OpenAI Chat Completions usage, with the details only when non-zero. */
export function openAIUsage(u: ScriptedUsage): Record<string, unknown> {
  const usage: Record<string, unknown> = {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
  };
  if (u.cacheReadInputTokens) usage.prompt_tokens_details = { cached_tokens: u.cacheReadInputTokens };
  if (u.reasoningOutputTokens) usage.completion_tokens_details = { reasoning_tokens: u.reasoningOutputTokens };
  return usage;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class ScriptedLLM extends ToolCallLLM {
  supportToolCall = true;
  calls = 0;
  readonly received: ChatMessage[][] = [];

  constructor(private readonly options: ScriptedLLMOptions) {
    super();
  }

  get metadata(): LLMMetadata {
    return {
      model: this.options.model,
      temperature: 0,
      topP: 1,
      contextWindow: 128_000,
      tokenizer: undefined,
      structuredOutput: false,
    };
  }

  chat(params: LLMChatParamsStreaming<object, ToolCallLLMMessageOptions>): Promise<AsyncIterable<ChatResponseChunk<ToolCallLLMMessageOptions>>>;
  chat(params: LLMChatParamsNonStreaming<object, ToolCallLLMMessageOptions>): Promise<ChatResponse<ToolCallLLMMessageOptions>>;
  async chat(
    params: LLMChatParamsStreaming<object, ToolCallLLMMessageOptions> | LLMChatParamsNonStreaming<object, ToolCallLLMMessageOptions>,
  ): Promise<AsyncIterable<ChatResponseChunk<ToolCallLLMMessageOptions>> | ChatResponse<ToolCallLLMMessageOptions>> {
    const step = this.options.steps[this.calls++];
    this.received.push([...params.messages]);
    if (!step) throw new Error(`ScriptedLLM: no step for call ${this.calls}`);
    await this.options.beforeResponse?.();
    if (step.kind === 'error') throw step.error;
    const id = `chatcmpl-${this.calls}`;
    const model = this.options.responseModel;
    if (step.kind === 'tool_call') {
      const toolCall = [{ id: step.id, name: step.name, input: step.arguments }];
      const raw = {
        id,
        object: 'chat.completion.chunk',
        model,
        choices: [{ index: 0, delta: {}, finish_reason: step.finishReason }],
        usage: openAIUsage(step.usage),
      };
      if (params.stream) return this.stream([{ delta: '', raw, options: { toolCall } }], 0);
      return { message: { role: 'assistant', content: '', options: { toolCall } }, raw };
    }
    const last = step.chunks.length - 1;
    const chunks = step.chunks.map((delta, i) => ({
      delta,
      raw: {
        id,
        object: 'chat.completion.chunk',
        model,
        choices: [{ index: 0, delta: { content: delta }, finish_reason: i === last ? step.finishReason : null }],
        usage: i === last ? openAIUsage(step.usage) : null,
      },
    }));
    if (params.stream) return this.stream(chunks, step.chunkDelayMs ?? 0);
    return {
      message: { role: 'assistant', content: step.chunks.join('') },
      raw: { id, object: 'chat.completion', model, choices: [{ index: 0, finish_reason: step.finishReason }], usage: openAIUsage(step.usage) },
    };
  }

  private async *stream(
    chunks: ChatResponseChunk<ToolCallLLMMessageOptions>[],
    delayMs: number,
  ): AsyncIterable<ChatResponseChunk<ToolCallLLMMessageOptions>> {
    for (const chunk of chunks) {
      if (delayMs > 0) await sleep(delayMs);
      yield chunk;
    }
  }
}
// What the @wrapLLMEvent decorator does, applied by hand (the test transform has no decorators).
ScriptedLLM.prototype.chat = wrapLLMEvent(ScriptedLLM.prototype.chat, {} as ClassMethodDecoratorContext) as ScriptedLLM['chat'];
