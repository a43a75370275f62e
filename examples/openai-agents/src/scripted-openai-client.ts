// A stand-in for the `openai` package's client, as the Agents SDK's OpenAIChatCompletionsModel
// uses it (`client.chat.completions.create`): only the network is replaced. It answers from a
// script in the Chat Completions API's own shapes, plain or streamed as chunks (the usage in
// a last chunk, as `stream_options.include_usage` asks), and honours the request's signal.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FixtureUsage } from '@agentspan/conformance/runner';

export interface ScriptedToolCall {
  id: string;
  name: string;
  arguments: unknown;
}

/** One reply of the model. */
export interface ScriptedReply {
  text?: string;
  /** The text as streamed, piece by piece (default: the whole text in one chunk). */
  chunks?: readonly string[];
  toolCalls?: readonly ScriptedToolCall[];
  usage: FixtureUsage;
  /** OpenAI's spelling: stop, tool_calls, length… */
  finishReason: string;
}

/** The request as the model sends it (the fields a script looks at). */
export interface ChatRequest {
  model: string;
  stream?: boolean;
  messages: readonly { role: string; content?: unknown; tool_call_id?: string }[];
}

/** Streamed replies wait for the caller's reads (so a caller who stops reading stalls the stream). */
export interface ReadGate {
  /** Resolves once the caller has read `count` chunks of the answer. */
  readCount(count: number): Promise<void>;
}

export interface ScriptedClientOptions {
  /** The model name the server reports (the response model). */
  responseModel: string;
  /** The reply to a request; an Error rejects the call with that very object. */
  reply(request: ChatRequest, call: number): ScriptedReply | Error;
  gate?: ReadGate;
  /** A network round trip per call and chunk, in ms (lets concurrent turns interleave). Default 1. */
  latencyMs?: number;
}

function usageOf(u: FixtureUsage) {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cacheReadInputTokens ?? 0 },
    completion_tokens_details: { reasoning_tokens: u.reasoningOutputTokens ?? 0 },
  };
}

function toolCallsOf(reply: ScriptedReply) {
  return reply.toolCalls?.map((call, index) => ({
    index,
    id: call.id,
    type: 'function' as const,
    function: { name: call.name, arguments: JSON.stringify(call.arguments) },
  }));
}

export class ScriptedOpenAIClient {
  readonly baseURL = 'http://scripted-openai.invalid/v1';
  readonly chat = { completions: { create: (params: ChatRequest, options?: { signal?: AbortSignal }) => this.create(params, options?.signal) } };
  private calls = 0;

  constructor(private readonly options: ScriptedClientOptions) {}

  /** Requests answered so far. */
  get requests(): number {
    return this.calls;
  }

  private async create(request: ChatRequest, signal: AbortSignal | undefined): Promise<unknown> {
    await sleep(this.options.latencyMs ?? 1);
    signal?.throwIfAborted();
    this.calls += 1;
    const reply = this.options.reply(request, this.calls);
    if (reply instanceof Error) throw reply;
    return request.stream ? this.stream(reply, signal) : this.completion(reply);
  }

  private completion(reply: ScriptedReply) {
    const toolCalls = toolCallsOf(reply)?.map(({ index: _, ...call }) => call);
    return {
      id: `chatcmpl-${this.calls}`,
      object: 'chat.completion',
      created: 1,
      model: this.options.responseModel,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: reply.text ?? null, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
          finish_reason: reply.finishReason,
        },
      ],
      usage: usageOf(reply.usage),
    };
  }

  private async *stream(reply: ScriptedReply, signal: AbortSignal | undefined) {
    const base = { id: `chatcmpl-${this.calls}`, object: 'chat.completion.chunk', created: 1, model: this.options.responseModel };
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
      ...base,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
    const toolCalls = toolCallsOf(reply);
    const pieces = reply.chunks ?? (reply.text ? [reply.text] : []);
    for (const [index, content] of pieces.entries()) {
      await this.options.gate?.readCount(index);
      await sleep(this.options.latencyMs ?? 1);
      signal?.throwIfAborted();
      yield chunk(index === 0 ? { role: 'assistant', content } : { content });
    }
    if (toolCalls) {
      signal?.throwIfAborted();
      yield chunk({ role: 'assistant', tool_calls: toolCalls });
    }
    yield chunk({}, reply.finishReason);
    yield { ...base, choices: [], usage: usageOf(reply.usage) };
  }
}

/** A gate the caller opens chunk by chunk as it reads the answer. */
export class CallerReads implements ReadGate {
  private read = 0;
  private waiting: { count: number; resolve: () => void }[] = [];

  readCount(count: number): Promise<void> {
    if (count <= this.read) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ count, resolve }));
  }

  /** The caller read one more chunk of the answer. */
  chunkRead(): void {
    this.read += 1;
    const ready = this.waiting.filter((w) => w.count <= this.read);
    this.waiting = this.waiting.filter((w) => w.count > this.read);
    for (const w of ready) w.resolve();
  }
}
