// The S1 application written the Nest way: services whose methods carry agentspan's
// decorators (memory, retrieval, tool, the agent), the chats through the tracer service,
// the model a scripted fake with the fixture's values.
import { AgentspanTracer, TraceAgent, TraceMemory, TraceRetrieval, TraceTool } from '../../src/index.js';
import type { ChatOperation, GenAIMessage } from '@agentspan/core';
import { S1 } from '@agentspan/conformance';
import { Inject, Injectable, type MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';

export type Variant = 'ok' | 'tool_error' | 'model_error' | 'stream' | 'stream_abort' | 'stream_idle';

export interface Turn {
  variant: Variant;
  userMessage: string;
  toolError?: Error;
  modelError?: Error;
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

const usage1 = { prompt_tokens: 420, completion_tokens: 24, prompt_tokens_details: { cached_tokens: 128 } };
const usage2 = { prompt_tokens: 512, completion_tokens: 64, completion_tokens_details: { reasoning_tokens: 16 } };

@Injectable()
export class SupportAgent {
  constructor(
    @Inject(AgentspanTracer) private readonly tracer: AgentspanTracer,
    @Inject(ConversationMemory) private readonly memory: ConversationMemory,
    @Inject(KnowledgeBase) private readonly kb: KnowledgeBase,
    @Inject(OrderTools) private readonly tools: OrderTools,
  ) {}

  /** Steps 1–4 (and the tool error / model error variants); returns the second chat's input. */
  private async prepare(turn: Turn): Promise<GenAIMessage[]> {
    const user: GenAIMessage = { role: 'user', parts: [{ type: 'text', content: turn.userMessage }] };
    const memories = await this.memory.search(turn.userMessage);
    const docs = await this.kb.retrieve(turn.userMessage);
    const input1: GenAIMessage[] = [
      { role: 'system', parts: [{ type: 'text', content: [f.systemPrompt, ...memories.map((m) => m.content), ...docs.map((d) => d.content)].join('\n') }] },
      user,
    ];
    const call: GenAIMessage = {
      role: 'assistant',
      parts: [{ type: 'tool_call', id: f.chat1.toolCall.id, name: f.chat1.toolCall.name, arguments: f.chat1.toolCall.arguments }],
    };
    await this.tracer.chat(
      { provider: f.provider, requestModel: f.requestModel, inputMessages: () => input1 },
      async () => {
        await sleep(1);
        if (turn.variant === 'model_error') throw turn.modelError;
        return call;
      },
      (message) => ({ responseModel: f.responseModel, usage: usage1, finishReasons: [f.chat1.finishReason], toolCallCount: 1, outputMessages: () => [message] }),
    );
    let output: unknown;
    try {
      output = await this.tools.lookupOrder(f.chat1.toolCall.arguments, f.chat1.toolCall.id, turn.variant === 'tool_error' ? turn.toolError : undefined);
    } catch (error) {
      output = { error: error instanceof Error ? error.message : String(error) };
    }
    return [...input1, call, { role: 'tool', parts: [{ type: 'tool_call_response', id: f.chat1.toolCall.id, response: output }] }];
  }

  @TraceAgent(f.agentName)
  async answer(turn: Turn): Promise<string> {
    const input2 = await this.prepare(turn);
    const text = await this.tracer.chat(
      { provider: f.provider, requestModel: f.requestModel, inputMessages: () => input2 },
      async () => {
        await sleep(1);
        return f.chat2.text;
      },
      (t) => ({ responseModel: f.responseModel, usage: usage2, finishReasons: [f.chat2.finishReason], outputMessages: () => [{ role: 'assistant', parts: [{ type: 'text', content: t }] }] }),
    );
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
