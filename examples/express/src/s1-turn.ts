// The S1 turn (and its variants) as an application writes it with the core's manual API,
// run inside an HTTP handler. The model is a scripted fake with the fixture's values;
// memory, retrieval and the tool are plain in-process functions.
import type { Agentspan, AgentOperation, GenAIMessage } from '@agentspan/core';
import { type ConformancePrompt, S1, renderPrompt, runHandoffTurn, runSupervisorTurn } from '@agentspan/conformance/runner';

export type Variant = 'ok' | 'tool_error' | 'model_error' | 'stream' | 'stream_abort' | 'stream_idle' | 'no_app_root' | 'supervisor' | 'handoff';

export interface TurnScript {
  agentspan: Agentspan;
  variant: Variant;
  userMessage: string;
  toolError?: Error;
  modelError?: Error;
  /** Streaming variants: each chunk of the final answer is sent to the client here. */
  write?: (text: string) => void;
  /** Aborted when the client goes away. */
  signal?: AbortSignal;
  /** Scenario E1: the system prompt rendered from this versioned template, named on the chat calls. */
  prompt?: ConformancePrompt;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });

const f = S1;
const toolArguments = f.chat1.toolCall.arguments;

function usage1() {
  return { prompt_tokens: 420, completion_tokens: 24, prompt_tokens_details: { cached_tokens: 128 } };
}
function usage2() {
  return { prompt_tokens: 512, completion_tokens: 64, completion_tokens_details: { reasoning_tokens: 16 } };
}

interface StreamChunk {
  text?: string;
  usage?: ReturnType<typeof usage2>;
  finishReason?: string;
}

/** The fake model's streamed final answer: 5 text chunks, then a usage chunk. */
async function* answerStream(signal: AbortSignal | undefined, slowAfter: number): AsyncGenerator<StreamChunk> {
  for (const [index, text] of f.chat2.chunks.entries()) {
    await sleep(index >= slowAfter ? 200 : 2, signal);
    yield { text };
  }
  yield { usage: usage2(), finishReason: f.chat2.finishReason };
}

/** Resolves once the operation has ended (the core ends it when the stream is cancelled or abandoned). */
async function ended(op: AgentOperation): Promise<void> {
  while (!op.ended) await sleep(5);
}

export async function runS1Turn(script: TurnScript): Promise<string> {
  const p = script.prompt;
  // E1: the chat calls inside used a versioned prompt; its name and version go on their spans.
  if (p) return script.agentspan.prompt({ name: p.name, version: p.version, variables: p.variables }, () => runTurn(script));
  return runTurn(script);
}

function runTurn(script: TurnScript): Promise<string> {
  const as = script.agentspan;
  // S8 / S9: the manual API's team turns; S7: the steps with nothing around them but the request.
  if (script.variant === 'supervisor') return runSupervisorTurn(as).then(() => '');
  if (script.variant === 'handoff') return runHandoffTurn(as).then(() => '');
  if (script.variant === 'no_app_root') return s1Steps(script, undefined);
  const user: GenAIMessage = { role: 'user', parts: [{ type: 'text', content: script.userMessage }] };
  return as.agent({ name: f.agentName, input: () => [user] }, (agent) => s1Steps(script, agent));
}

/** The six steps of S1; `agent` owns the streamed answer (streaming variants only). */
async function s1Steps(script: TurnScript, agent: AgentOperation | undefined): Promise<string> {
  const as = script.agentspan;
  const systemPrompt = script.prompt ? renderPrompt(script.prompt) : f.systemPrompt;
  const user: GenAIMessage = { role: 'user', parts: [{ type: 'text', content: script.userMessage }] };
  {
    const memories = await as.memory(
      { operation: 'search_memory', storeId: f.memory.storeId, query: () => script.userMessage },
      async () => f.memory.records.map((r) => ({ id: r.id, content: r.content })),
      (records) => ({ records, count: records.length }),
    );
    const documents = await as.retrieval(
      { dataSourceId: f.retrieval.dataSourceId, topK: f.retrieval.topK, query: () => script.userMessage },
      async () => f.retrieval.documents.map((d) => ({ ...d })),
      (docs) => ({ documents: docs }),
    );
    const context = [...memories.map((m) => m.content), ...documents.map((d) => d.content)].join('\n');
    const input1: GenAIMessage[] = [
      { role: 'system', parts: [{ type: 'text', content: `${systemPrompt}\n${context}` }] },
      user,
    ];
    const call: GenAIMessage = {
      role: 'assistant',
      parts: [{ type: 'tool_call', id: f.chat1.toolCall.id, name: f.chat1.toolCall.name, arguments: toolArguments }],
    };
    await as.chat(
      { provider: f.provider, requestModel: f.requestModel, inputMessages: () => input1, systemInstructions: () => [{ type: 'text', content: systemPrompt }] },
      async () => {
        await sleep(1);
        if (script.variant === 'model_error') throw script.modelError ?? new Error('model error');
        return call;
      },
      (message) => ({
        responseModel: f.responseModel,
        usage: usage1(),
        finishReasons: [f.chat1.finishReason],
        toolCallCount: 1,
        outputMessages: () => [message],
      }),
    );

    let toolOutput: unknown;
    try {
      toolOutput = await as.tool(
        { name: f.tool.name, callId: f.chat1.toolCall.id, description: f.tool.description, arguments: () => toolArguments },
        async () => {
          if (script.variant === 'tool_error') throw script.toolError ?? new Error('tool failed');
          return { ...f.tool.result };
        },
      );
    } catch (error) {
      toolOutput = { error: error instanceof Error ? error.message : String(error) }; // the model sees the error text
    }
    const input2: GenAIMessage[] = [
      ...input1,
      call,
      { role: 'tool', parts: [{ type: 'tool_call_response', id: f.chat1.toolCall.id, response: toolOutput }] },
    ];
    const answer = (text: string): GenAIMessage[] => [{ role: 'assistant', parts: [{ type: 'text', content: text }] }];

    let text: string;
    if (script.variant === 'stream' || script.variant === 'stream_abort' || script.variant === 'stream_idle') {
      const chat = as.startChat({ provider: f.provider, requestModel: f.requestModel, stream: true, inputMessages: () => input2 });
      let final: StreamChunk = {};
      let streamed = '';
      const stream = as.traceStream(answerStream(script.signal, script.variant === 'stream_abort' ? f.abortAfterChunks : 99), {
        owners: agent ? [chat, agent] : [chat],
        onChunk: (chunk) => {
          if (chunk.text !== undefined) chat.recordChunk();
          if (chunk.usage) final = chunk;
        },
        onComplete: () =>
          chat.end({
            responseModel: f.responseModel,
            usage: final.usage,
            finishReasons: [final.finishReason],
            outputMessages: () => answer(streamed),
          }),
      });
      const it = stream[Symbol.asyncIterator]();
      script.signal?.addEventListener('abort', () => void it.return?.(), { once: true });
      let read = 0;
      for (;;) {
        if (script.variant === 'stream_idle' && read === f.abortAfterChunks) {
          if (agent) await ended(agent); // stop reading: the core abandons the stream after the idle time
          throw script.signal?.reason ?? new Error('stream abandoned');
        }
        const next = await it.next();
        if (next.done) break;
        if (next.value.text === undefined) continue;
        read++;
        streamed += next.value.text;
        script.write?.(next.value.text);
      }
      text = streamed;
    } else {
      text = await as.chat(
        { provider: f.provider, requestModel: f.requestModel, inputMessages: () => input2 },
        async () => {
          await sleep(1);
          return f.chat2.text;
        },
        (t) => ({ responseModel: f.responseModel, usage: usage2(), finishReasons: [f.chat2.finishReason], outputMessages: () => answer(t) }),
      );
    }

    await as.memory(
      { operation: 'upsert_memory', storeId: f.memory.storeId, records: () => [{ ...f.memory.written }] },
      async () => [f.memory.written],
      (records) => ({ count: records.length }),
    );
    return text;
  }
}
