// The S1 application written the Nest way: services whose methods carry agentspan's
// decorators (memory, retrieval, tool, the agent), the chats through the tracer service.
// The model is the ChatModel provider (scripted, or OpenAI: chat-model.ts); the streamed
// answer of the SSE route is always scripted, with the fixture's chunks.
import { AgentspanTracer, TraceAgent, TraceMemory, TraceRetrieval, TraceTool } from '@agentspan/nestjs';
import type { ChatOperation, GenAIMessage } from '@agentspan/core';
import { type ConformancePrompt, S1, renderPrompt } from '@agentspan/conformance/runner';
import { Inject, Injectable, type MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import { ChatModel } from './chat-model.js';

export type Variant = 'ok' | 'tool_error' | 'model_error' | 'stream' | 'stream_abort' | 'stream_idle' | 'no_app_root' | 'supervisor' | 'handoff';

export interface Turn {
  variant: Variant;
  userMessage: string;
  toolError?: Error;
  modelError?: Error;
  /** Scenario E1: the system prompt rendered from this versioned template (the controller names it). */
  prompt?: ConformancePrompt;
}

const f = S1;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

@Injectable()
export class ConversationMemory {
  @TraceMemory('search_memory', f.memory.storeId, (args) => ({ query: () => String(args[0]) }))
  async search(_query: string) {
    await sleep(1);
    return f.memory.records.map((r) => ({ ...r }));
  }

  @TraceMemory('upsert_memory', f.memory.storeId, (args) => ({ records: () => [args[0] as { content: string }] }))
  async save(record: { id: string; content: string }) {
    await sleep(1);
    return [record];
  }
}

@Injectable()
export class KnowledgeBase {
  @TraceRetrieval(f.retrieval.dataSourceId, (args) => ({ topK: f.retrieval.topK, query: () => String(args[0]) }))
  async retrieve(_query: string) {
    await sleep(1);
    return f.retrieval.documents.map((d) => ({ ...d }));
  }
}

@Injectable()
export class OrderTools {
  failWith: Error | undefined;

  @TraceTool(f.tool.name, (args) => ({ callId: String(args[1]), description: f.tool.description, arguments: () => args[0] }))
  async lookupOrder(_args: { orderId: string }, _callId: string, fail?: Error) {
    await sleep(1);
    if (fail) throw fail;
    return { ...f.tool.result };
  }
}

/** The order-lookup tool as the model sees it. */
const LOOKUP_ORDER = {
  name: f.tool.name,
  description: f.tool.description,
  parameters: { type: 'object', properties: { orderId: { type: 'string' } }, required: ['orderId'] },
};
/** The streamed answer's usage, in the provider's (OpenAI's) spelling. */
const usage2 = {
  prompt_tokens: f.chat2.usage.inputTokens,
  completion_tokens: f.chat2.usage.outputTokens,
  completion_tokens_details: { reasoning_tokens: f.chat2.usage.reasoningOutputTokens },
};

@Injectable()
export class SupportAgent {
  constructor(
    @Inject(AgentspanTracer) private readonly tracer: AgentspanTracer,
    @Inject(ConversationMemory) private readonly memory: ConversationMemory,
    @Inject(KnowledgeBase) private readonly kb: KnowledgeBase,
    @Inject(OrderTools) private readonly tools: OrderTools,
    @Inject(ChatModel) private readonly model: ChatModel,
  ) {}

  /** Steps 1–4 (and the tool error / model error variants); returns the second chat's input. */
  private async prepare(turn: Turn): Promise<GenAIMessage[]> {
    const user: GenAIMessage = { role: 'user', parts: [{ type: 'text', content: turn.userMessage }] };
    const memories = await this.memory.search(turn.userMessage);
    const docs = await this.kb.retrieve(turn.userMessage);
    const input1: GenAIMessage[] = [
      { role: 'system', parts: [{ type: 'text', content: [turn.prompt ? renderPrompt(turn.prompt) : f.systemPrompt, ...memories.map((m) => m.content), ...docs.map((d) => d.content)].join('\n') }] },
      user,
    ];
    const reply = await this.tracer.chat(
      { provider: this.model.provider, requestModel: this.model.requestModel, inputMessages: () => input1, toolDefinitions: () => [LOOKUP_ORDER] },
      () => this.model.complete(input1, [LOOKUP_ORDER], turn.variant === 'model_error' ? turn.modelError : undefined),
      (r) => ({ responseModel: r.responseModel, usage: r.usage, finishReasons: [r.finishReason], toolCallCount: r.toolCalls.length, outputMessages: () => [r.message] }),
    );
    const results: GenAIMessage[] = [];
    for (const call of reply.toolCalls) {
      let output: unknown;
      try {
        output = await this.tools.lookupOrder(call.arguments as { orderId: string }, call.id, turn.variant === 'tool_error' ? turn.toolError : undefined);
      } catch (error) {
        output = { error: error instanceof Error ? error.message : String(error) };
      }
      results.push({ role: 'tool', parts: [{ type: 'tool_call_response', id: call.id, response: output }] });
    }
    return [...input1, reply.message, ...results];
  }

  @TraceAgent(f.agentName)
  async answer(turn: Turn): Promise<string> {
    return this.steps(turn);
  }

  /** The S1 steps with no agent around them (S7: the request's span is the turn's root). */
  async steps(turn: Turn): Promise<string> {
    const input2 = await this.prepare(turn);
    const reply = await this.tracer.chat(
      { provider: this.model.provider, requestModel: this.model.requestModel, inputMessages: () => input2 },
      () => this.model.complete(input2, []),
      (r) => ({ responseModel: r.responseModel, usage: r.usage, finishReasons: [r.finishReason], outputMessages: () => [r.message] }),
    );
    const text = reply.text;
    await this.memory.save({ ...f.memory.written });
    return text;
  }

  /**
   * The streamed turn as SSE events. Each chunk is marked on the chat (time to first chunk;
   * the core abandons the call, and the agent above it, when chunks stop being read);
   * unsubscribing (the client left) cancels the chat, and the decorator cancels the agent.
   */
  @TraceAgent(f.agentName)
  stream(turn: Turn): Observable<MessageEvent> {
    const as = this.tracer.agentspan;
    return new Observable<MessageEvent>((subscriber) => {
      let iterator: AsyncIterator<{ text?: string; usage?: typeof usage2 }> | undefined;
      let chat: ChatOperation | undefined;
      let stopped = false;
      const run = async () => {
        const input2 = await this.prepare(turn);
        if (stopped) return;
        chat = as.startChat({ provider: f.provider, requestModel: f.requestModel, stream: true, inputMessages: () => input2 });
        const op = chat;
        const slowAfter = turn.variant === 'stream_abort' ? f.abortAfterChunks : 99;
        async function* model() {
          for (const [i, text] of f.chat2.chunks.entries()) {
            await sleep(i >= slowAfter ? 200 : 2);
            yield { text };
          }
          yield { usage: usage2 };
        }
        iterator = model();
        let usage: typeof usage2 | undefined;
        let streamed = '';
        let read = 0;
        for (;;) {
          if (turn.variant === 'stream_idle' && read === f.abortAfterChunks) {
            while (!op.ended) await sleep(5); // stop reading: abandoned after the idle time
            subscriber.complete();
            return;
          }
          const next = await iterator.next();
          if (stopped) return;
          if (next.done) break;
          if (next.value.usage) usage = next.value.usage;
          if (next.value.text === undefined) continue;
          op.recordChunk();
          read++;
          streamed += next.value.text;
          subscriber.next({ data: next.value.text });
        }
        op.end({ responseModel: f.responseModel, usage, finishReasons: [f.chat2.finishReason], outputMessages: () => [{ role: 'assistant', parts: [{ type: 'text', content: streamed }] }] });
        await this.memory.save({ ...f.memory.written });
        subscriber.complete();
      };
      run().catch((error: unknown) => {
        chat?.fail(error);
        if (!stopped) subscriber.error(error);
      });
      return () => {
        stopped = true;
        chat?.cancel();
        void iterator?.return?.(undefined);
      };
    });
  }
}
