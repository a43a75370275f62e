// The S1 turn of the benches: a real LlamaIndex turn (memory block read, VectorStoreIndex
// retrieval with its query embedding, agent() run with two streamed model calls and a
// tool, memory write), offline, in three modes:
//   none      – no tracing: the framework's own cost;
//   raw       – the same tree made by hand with the raw OpenTelemetry API (the floor);
//   agentspan – instrumentLlamaIndex() + the core's agent helper.
// The floor writes the same spans with the same attributes (values it knows beforehand),
// keeps each span active while its work runs (a provider's HTTP span must nest under the
// chat, a tool's spans under execute_tool) and wraps each model stream to end its chat
// span: what any tracer of this tree has to do, with nothing else.
import { Agentspan } from '@agentspan/core';
import { wrapLLMEvent } from '@llamaindex/core/decorator';
import { BaseEmbedding } from '@llamaindex/core/embeddings';
import { ToolCallLLM } from '@llamaindex/core/llms';
import { BaseMemoryBlock, createMemory } from '@llamaindex/core/memory';
import { Document } from '@llamaindex/core/schema';
import { tool } from '@llamaindex/core/tools';
import { z } from '@llamaindex/core/zod';
import { agent } from '@llamaindex/workflow';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Settings, VectorStoreIndex } from 'llamaindex';
const { instrumentLlamaIndex, nameDataSource } = await import(process.env.BENCH_DIST ?? '../dist/index.js');

export const exported = { count: 0, spans: undefined };
const exporter = {
  export: (spans, done) => {
    exported.count += spans.length;
    exported.spans?.push(...spans);
    done({ code: 0 });
  },
  shutdown: async () => {},
};
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('floor');
const PRICES = { 'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 } };
const as = new Agentspan({ tracerProvider: provider, prices: PRICES });
const ids = { 'gen_ai.conversation.id': 'conv-42', 'user.id': 'user-7' };

let mode = 'none';
export function setMode(next) {
  mode = next;
}

// ---- the application's pieces (offline) ----
const usage1 = { prompt_tokens: 420, completion_tokens: 24, prompt_tokens_details: { cached_tokens: 128 } };
const usage2 = { prompt_tokens: 512, completion_tokens: 64, completion_tokens_details: { reasoning_tokens: 16 } };
const toolCall = [{ id: 'call_1', name: 'lookup_order', input: { orderId: '42' } }];
const chunk1 = { delta: '', options: { toolCall }, raw: { id: 'c1', model: 'gpt-4o-mini-2024-07-18', choices: [{ finish_reason: 'tool_calls' }], usage: usage1 } };
const chunk2 = { delta: 'Your order 42 has been delivered.', raw: { id: 'c2', model: 'gpt-4o-mini-2024-07-18', choices: [{ finish_reason: 'stop' }], usage: usage2 } };

// What the floor writes on each chat span at its end: the values agentspan derives
// (normalised usage, cost from the price table, finish reasons), known here beforehand.
const CHAT_START = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'benchllm', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.request.stream': true, 'gen_ai.request.temperature': 0, 'gen_ai.request.top_p': 1, 'agentspan.framework.name': 'llamaindex' };
const CHAT_END = new Map([
  [chunk1, { 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18', 'gen_ai.response.id': 'c1', 'gen_ai.usage.input_tokens': 420, 'gen_ai.usage.output_tokens': 24, 'gen_ai.usage.cache_read.input_tokens': 128, 'agentspan.cost.usd': 0.0000678, 'gen_ai.response.finish_reasons': ['tool_call'] }],
  [chunk2, { 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18', 'gen_ai.response.id': 'c2', 'gen_ai.usage.input_tokens': 512, 'gen_ai.usage.output_tokens': 64, 'gen_ai.usage.reasoning.output_tokens': 16, 'agentspan.cost.usd': 0.0001152, 'gen_ai.response.finish_reasons': ['stop'] }],
]);

async function* stream(chunk) {
  yield chunk;
}

/** The floor's chat: its span active while the provider call runs, the stream wrapped to end it. */
function rawChat(chunk) {
  const parent = context.active();
  const startMs = performance.now();
  const span = tracer.startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT, attributes: { ...CHAT_START, ...ids } }, parent);
  const source = context.with(trace.setSpan(parent, span), () => stream(chunk));
  return (async function* () {
    let first = true;
    for await (const c of source) {
      if (first) {
        first = false;
        span.setAttribute('gen_ai.response.time_to_first_chunk', (performance.now() - startMs) / 1000);
      }
      yield c;
    }
    span.setAttributes(CHAT_END.get(chunk));
    span.end();
  })();
}

class BenchLLM extends ToolCallLLM {
  supportToolCall = true;
  calls = 0;
  get metadata() {
    return { model: 'gpt-4o-mini', temperature: 0, topP: 1, contextWindow: 128000, tokenizer: undefined, structuredOutput: false };
  }
  async chat() {
    const chunk = this.calls++ % 2 === 0 ? chunk1 : chunk2;
    return mode === 'raw' ? rawChat(chunk) : stream(chunk);
  }
}
BenchLLM.prototype.chat = wrapLLMEvent(BenchLLM.prototype.chat, {});

class LetterEmbedding extends BaseEmbedding {
  model = 'letters-26';
  async getTextEmbedding(text) {
    const v = new Array(26).fill(0.001);
    for (const ch of text.toLowerCase()) {
      const i = ch.charCodeAt(0) - 97;
      if (i >= 0 && i < 26) v[i] += 1;
    }
    return v;
  }
  // The floor's embeddings span, active around the embedding call.
  async getQueryEmbedding(query) {
    if (mode !== 'raw') return super.getQueryEmbedding(query);
    return rawStep('embeddings letters-26', EMBED_START, EMBED_END, () => super.getQueryEmbedding(query));
  }
}
const EMBED_START = { 'gen_ai.operation.name': 'embeddings', 'gen_ai.provider.name': 'letterembedding', 'gen_ai.request.model': 'letters-26', 'agentspan.framework.name': 'llamaindex' };
const EMBED_END = { 'gen_ai.embeddings.dimension.count': 26 };

const RECORDS = [
  { id: 'mem-1', role: 'memory', content: 'User asked about shipping times last week.' },
  { id: 'mem-2', role: 'memory', content: 'User prefers e-mail updates.' },
];
class ConversationBlock extends BaseMemoryBlock {
  constructor() {
    super({ id: 'conversations', priority: 1, isLongTerm: true });
  }
  async get() {
    return RECORDS;
  }
  async put() {}
}

const TOOL_START = { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.call.id': 'call_1', 'gen_ai.tool.type': 'function', 'gen_ai.tool.description': 'Looks up an order by id.', 'gen_ai.agent.name': 'support-agent', 'agentspan.framework.name': 'llamaindex' };
const lookupOrder = tool({
  name: 'lookup_order',
  description: 'Looks up an order by id.',
  parameters: z.object({ orderId: z.string() }),
  execute: () => {
    if (mode !== 'raw') return { status: 'delivered' };
    // The floor's tool span, active while the tool body runs.
    const parent = context.active();
    const span = tracer.startSpan('execute_tool lookup_order', { kind: SpanKind.INTERNAL, attributes: { ...TOOL_START, ...ids } }, parent);
    const result = context.with(trace.setSpan(parent, span), () => ({ status: 'delivered' }));
    span.end();
    return result;
  },
});

Settings.embedModel = new LetterEmbedding();
const index = nameDataSource(
  await VectorStoreIndex.fromDocuments([
    new Document({ text: 'Orders ship within 2 business days.', id_: 'doc-1' }),
    new Document({ text: 'Delivered orders can be returned within 30 days.', id_: 'doc-2' }),
    new Document({ text: 'Order status is available through lookup_order.', id_: 'doc-3' }),
  ]),
  'kb-policies',
);
const retriever = index.asRetriever({ similarityTopK: 3 });
const supportAgent = agent({ name: 'support-agent', llm: new BenchLLM(), tools: [lookupOrder], systemPrompt: 'You are a support agent.' });

/** The application's turn, untraced. */
export async function turnBody() {
  const memory = createMemory({ memoryBlocks: [new ConversationBlock()], shortTermTokenLimitRatio: 0 });
  const history = await memory.getLLM();
  const nodes = await retriever.retrieve({ query: 'Where is my order 42?' });
  await supportAgent.run('Where is my order 42?', { chatHistory: [...history, { role: 'system', content: String(nodes.length) }] });
  await memory.add({ role: 'assistant', content: 'User asked about order 42; it was delivered.' });
}

/** A floor span active around one awaited step of the turn. */
async function rawStep(name, startAttributes, endAttributes, fn) {
  const parent = context.active();
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes: { ...startAttributes, ...ids } }, parent);
  const value = await context.with(trace.setSpan(parent, span), fn);
  if (endAttributes) span.setAttributes(endAttributes);
  span.end();
  return value;
}

const SEARCH = { 'gen_ai.operation.name': 'search_memory', 'gen_ai.memory.store.id': 'conversations', 'agentspan.framework.name': 'llamaindex' };
const RETRIEVAL = { 'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'kb-policies', 'gen_ai.retrieval.top_k': 3, 'agentspan.framework.name': 'llamaindex' };
const UPSERT = { 'gen_ai.operation.name': 'upsert_memory', 'gen_ai.memory.store.id': 'conversations', 'agentspan.framework.name': 'llamaindex' };
const AGENT_END = { 'gen_ai.usage.input_tokens': 932, 'gen_ai.usage.output_tokens': 88, 'agentspan.cost.usd': 0.000183, 'agentspan.llm.calls': 2, 'agentspan.tool.calls': 1 };

/** The floor: the application's steps inside hand-made spans (chat and tool spans are made inside). */
export async function rawTurn() {
  const agentSpan = tracer.startSpan('invoke_agent support-agent', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-agent', ...ids } });
  await context.with(trace.setSpan(context.active(), agentSpan), async () => {
    const memory = createMemory({ memoryBlocks: [new ConversationBlock()], shortTermTokenLimitRatio: 0 });
    const history = await rawStep('search_memory', SEARCH, { 'gen_ai.memory.record.count': 2 }, () => memory.getLLM());
    const nodes = await rawStep('retrieval kb-policies', RETRIEVAL, { 'agentspan.retrieval.document.count': 3 }, () => retriever.retrieve({ query: 'Where is my order 42?' }));
    await supportAgent.run('Where is my order 42?', { chatHistory: [...history, { role: 'system', content: String(nodes.length) }] });
    await rawStep('upsert_memory', UPSERT, { 'gen_ai.memory.record.count': 1 }, () => memory.add({ role: 'assistant', content: 'User asked about order 42; it was delivered.' }));
  });
  agentSpan.setAttributes(AGENT_END);
  agentSpan.end();
}

const turnCtx = as.withTurn({ conversationId: 'conv-42', userId: 'user-7' });
/** The traced turn: the application's agent span around the same steps, LlamaIndex instrumented. */
export const agentspanTurn = () => context.with(turnCtx, () => as.agent({ name: 'support-agent' }, turnBody));

export const turns = { none: turnBody, raw: rawTurn, agentspan: agentspanTurn };

/** Enables what a mode needs; returns its disposer. */
export function enable(name) {
  setMode(name);
  return name === 'agentspan' ? instrumentLlamaIndex({ agentspan: as }) : () => {};
}
