// A minimal BaseChatModel subclass standing in for the provider: it reports the model
// the fixture names (as ChatOpenAI would), answers from a script, streams when LangChain
// streams, and honours the caller's AbortSignal between chunks. Only the network is fake.
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel, type BaseChatModelCallOptions } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage, type UsageMetadata } from '@langchain/core/messages';
import { type ChatResult, ChatGenerationChunk } from '@langchain/core/outputs';

export interface ScriptedReply {
  text: string;
  /** Streamed as these chunks (usage and finish reason on the last). Default: one chunk. */
  chunks?: readonly string[];
  toolCalls?: { id: string; name: string; args: Record<string, unknown> }[];
  usage: UsageMetadata;
  finishReason: string;
}
export type ScriptStep = ScriptedReply | Error;

/** Lets a test hold the stream: chunk i waits for `allow(i)` (a slow or stalled provider). */
export interface StreamGate {
  wait(index: number): Promise<void>;
}

export interface ScriptedChatModelFields {
  script: readonly ScriptStep[];
  requestModel: string;
  responseModel: string;
  provider: string;
  gate?: StreamGate;
  /** Called for each request (e.g. to make a real HTTP request in a test). */
  onRequest?: () => Promise<void>;
}

export class ScriptedChatModel extends BaseChatModel<BaseChatModelCallOptions> {
  private step = 0;

  constructor(private readonly fields: ScriptedChatModelFields) {
    super({});
  }

  _llmType(): string {
    return 'scripted';
  }

  override getLsParams(options: this['ParsedCallOptions']) {
    return { ...super.getLsParams(options), ls_provider: this.fields.provider, ls_model_name: this.fields.requestModel };
  }

  override invocationParams(): Record<string, unknown> {
    return { model: this.fields.requestModel };
  }

  // The agent binds its tools; the script already knows which calls to make.
  override bindTools(): this {
    return this;
  }

  private nextStep(): ScriptedReply {
    const step = this.fields.script[this.step++];
    if (step === undefined) throw new Error('ScriptedChatModel: script exhausted');
    if (step instanceof Error) throw step;
    return step;
  }

  private responseMetadata(reply: ScriptedReply) {
    return { model_name: this.fields.responseModel, finish_reason: reply.finishReason, model_provider: this.fields.provider };
  }

  async _generate(_messages: BaseMessage[], _options: this['ParsedCallOptions']): Promise<ChatResult> {
    await this.fields.onRequest?.();
    const reply = this.nextStep();
    const message = new AIMessage({
      content: reply.text,
      tool_calls: reply.toolCalls ?? [],
      usage_metadata: reply.usage,
      response_metadata: this.responseMetadata(reply),
    });
    return { generations: [{ text: reply.text, message }] };
  }

  override async *_streamResponseChunks(
    _messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    await this.fields.onRequest?.();
    const reply = this.nextStep();
    const chunks = reply.chunks ?? [reply.text];
    for (let i = 0; i < chunks.length; i++) {
      await this.fields.gate?.wait(i);
      await new Promise((resolve) => setImmediate(resolve));
      options.signal?.throwIfAborted();
      const last = i === chunks.length - 1;
      const text = chunks[i] ?? '';
      const message = new AIMessageChunk({
        content: text,
        ...(last && reply.toolCalls
          ? { tool_call_chunks: reply.toolCalls.map((c, index) => ({ id: c.id, name: c.name, args: JSON.stringify(c.args), index, type: 'tool_call_chunk' as const })) }
          : {}),
        ...(last ? { usage_metadata: reply.usage, response_metadata: this.responseMetadata(reply) } : {}),
      });
      const chunk = new ChatGenerationChunk({ text, message });
      yield chunk;
      await runManager?.handleLLMNewToken(text, { prompt: 0, completion: 0 }, undefined, undefined, undefined, { chunk });
    }
  }
}
