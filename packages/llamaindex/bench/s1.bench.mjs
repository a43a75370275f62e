// S1 with a real LlamaIndex turn (memory block read, VectorStoreIndex retrieval, agent()
// run with two model calls and a tool, memory write) in three modes:
//   none      – no tracing: the framework's own cost;
//   raw       – the same seven spans made by hand with the raw OpenTelemetry API (the floor);
//   agentspan – instrumentLlamaIndex() + the core's agent helper.
// Prints per-turn µs, the overhead over `none`, its ratio to the floor's, and heap growth
// over many traced turns. Run after a build: pnpm --filter @agentspan/llamaindex bench
import { Agentspan } from '@agentspan/core';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { wrapLLMEvent } from '@llamaindex/core/decorator';
import { BaseEmbedding } from '@llamaindex/core/embeddings';
import { ToolCallLLM } from '@llamaindex/core/llms';
import { BaseMemoryBlock, createMemory } from '@llamaindex/core/memory';
import { Document } from '@llamaindex/core/schema';
import { tool } from '@llamaindex/core/tools';
import { z } from '@llamaindex/core/zod';
import { agent } from '@llamaindex/workflow';
import { Settings, VectorStoreIndex } from 'llamaindex';
import { instrumentLlamaIndex, nameDataSource } from '../dist/index.js';

const TURNS = Number(process.env.BENCH_TURNS ?? 21_000);
const HEAP_TURNS = Number(process.env.BENCH_HEAP_TURNS ?? 100_000);
const WARMUP = 2_000;

let exported = 0;
const exporter = { export: (spans, done) => { exported += spans.length; done({ code: 0 }); }, shutdown: async () => {} };
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('floor');
const as = new Agentspan({ tracerProvider: provider, prices: { 'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 } } });
const ids = { 'gen_ai.conversation.id': 'conv-42', 'user.id': 'user-7' };
let mode = 'none';

// ---- the application's pieces (offline) ----
const usage1 = { prompt_tokens: 420, completion_tokens: 24, prompt_tokens_details: { cached_tokens: 128 } };
const usage2 = { prompt_tokens: 512, completion_tokens: 64, completion_tokens_details: { reasoning_tokens: 16 } };
const toolCall = [{ id: 'call_1', name: 'lookup_order', input: { orderId: '42' } }];
const chunk1 = { delta: '', options: { toolCall }, raw: { id: 'c1', model: 'gpt-4o-mini-2024-07-18', choices: [{ finish_reason: 'tool_calls' }], usage: usage1 } };
const chunk2 = { delta: 'Your order 42 has been delivered.', raw: { id: 'c2', model: 'gpt-4o-mini-2024-07-18', choices: [{ finish_reason: 'stop' }], usage: usage2 } };

class BenchLLM extends ToolCallLLM {
  supportToolCall = true;
  calls = 0;
  get metadata() {
    return { model: 'gpt-4o-mini', temperature: 0, topP: 1, contextWindow: 128000, tokenizer: undefined, structuredOutput: false };
  }
  async chat() {
    const chunk = this.calls++ % 2 === 0 ? chunk1 : chunk2;
    if (mode !== 'raw') return stream(chunk);
    // The floor: what a hand-written tracer records for this call.
    const span = tracer.startSpan('chat gpt-4o-mini', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', ...ids } });
    const u = chunk.raw.usage;
    return (async function* () {
      yield chunk;
      span.setAttributes({ 'gen_ai.response.model': chunk.raw.model, 'gen_ai.usage.input_tokens': u.prompt_tokens, 'gen_ai.usage.output_tokens': u.completion_tokens, 'gen_ai.response.finish_reasons': [chunk === chunk1 ? 'tool_call' : 'stop'] });
      span.end();
    })();
  }
}
async function* stream(chunk) {
  yield chunk;
}
BenchLLM.prototype.chat = wrapLLMEvent(BenchLLM.prototype.chat, {});

class LetterEmbedding extends BaseEmbedding {
  model = 'letters-26';
  async getTextEmbedding(text) {
    const span = mode === 'raw' ? tracer.startSpan('embeddings letters-26', { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'embeddings', ...ids } }) : undefined;
    const v = new Array(26).fill(0.001);
    span?.end();
    for (const ch of text.toLowerCase()) {
      const i = ch.charCodeAt(0) - 97;
      if (i >= 0 && i < 26) v[i] += 1;
    }
    return v;
  }
}

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

const lookupOrder = tool({
  name: 'lookup_order',
  description: 'Looks up an order by id.',
  parameters: z.object({ orderId: z.string() }),
  execute: () => {
    if (mode !== 'raw') return { status: 'delivered' };
    const span = tracer.startSpan('execute_tool lookup_order', { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.call.id': 'call_1', ...ids } });
    span.end();
    return { status: 'delivered' };
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

async function turnBody() {
  const memory = createMemory({ memoryBlocks: [new ConversationBlock()], shortTermTokenLimitRatio: 0 });
  const history = await memory.getLLM();
  const nodes = await retriever.retrieve({ query: 'Where is my order 42?' });
  await supportAgent.run('Where is my order 42?', { chatHistory: [...history, { role: 'system', content: String(nodes.length) }] });
  await memory.add({ role: 'assistant', content: 'User asked about order 42; it was delivered.' });
}

// raw: the floor's spans around the application's steps (chat and tool spans are made inside).
async function rawTurn() {
  const agentSpan = tracer.startSpan('invoke_agent support-agent', { attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-agent', ...ids } });
  const ctx = trace.setSpan(context.active(), agentSpan);
  await context.with(ctx, async () => {
    const step = async (name, attributes, fn) => {
      const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes: { ...attributes, ...ids } }, ctx);
      const value = await context.with(trace.setSpan(ctx, span), fn);
      span.end();
      return value;
    };
    const memory = createMemory({ memoryBlocks: [new ConversationBlock()], shortTermTokenLimitRatio: 0 });
    const history = await step('search_memory', { 'gen_ai.operation.name': 'search_memory', 'gen_ai.memory.store.id': 'conversations' }, () => memory.getLLM());
    const nodes = await step('retrieval kb-policies', { 'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'kb-policies' }, () => retriever.retrieve({ query: 'Where is my order 42?' }));
    await supportAgent.run('Where is my order 42?', { chatHistory: [...history, { role: 'system', content: String(nodes.length) }] });
    await step('upsert_memory', { 'gen_ai.operation.name': 'upsert_memory', 'gen_ai.memory.store.id': 'conversations' }, () => memory.add({ role: 'assistant', content: 'User asked about order 42; it was delivered.' }));
  });
  agentSpan.setAttributes({ 'gen_ai.usage.input_tokens': 932, 'gen_ai.usage.output_tokens': 88, 'agentspan.llm.calls': 2, 'agentspan.tool.calls': 1 });
  agentSpan.end();
}

const turnCtx = as.withTurn({ conversationId: 'conv-42', userId: 'user-7' });
const agentspanTurn = () => context.with(turnCtx, () => as.agent({ name: 'support-agent' }, turnBody));

// CPU time of this process (user + system, µs) per turn: the machine is shared, and wall
// time then measures the neighbours more than the code.
async function time(fn, n) {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / n;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

const gc = globalThis.gc;
function heapMb() {
  gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

// BENCH_ONLY=<mode>: run that mode alone (for a CPU profile) and stop.
if (process.env.BENCH_ONLY) {
  mode = process.env.BENCH_ONLY;
  const fn = { none: turnBody, raw: rawTurn, agentspan: agentspanTurn }[mode];
  const dispose = mode === 'agentspan' ? instrumentLlamaIndex({ agentspan: as }) : () => {};
  console.log(`${mode}: ${(await time(fn, TURNS)).toFixed(1)} CPU µs/turn`);
  dispose();
  process.exit(0);
}

// Rounds interleave the modes so that JIT warm-up and heap growth do not favour one.
const modes = {
  none: { fn: turnBody, times: [], spans: 0 },
  raw: { fn: rawTurn, times: [], spans: 0 },
  agentspan: { fn: agentspanTurn, times: [], spans: 0 },
};
for (let round = -1; round < ROUNDS; round++) {
  for (const [name, m] of Object.entries(modes)) {
    mode = name;
    exported = 0;
    // Enabled for the agentspan rounds only (instances it wrapped pass through while disabled).
    const dispose = name === 'agentspan' ? instrumentLlamaIndex({ agentspan: as }) : () => {};
    const n = round < 0 ? WARMUP : TURNS / ROUNDS;
    const t = await time(m.fn, n);
    dispose();
    if (round >= 0) {
      m.times.push(t);
      m.spans = exported / n;
    }
  }
}
// Median of the rounds (best round in brackets: the least disturbed one).
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs) => Math.min(...xs);
const none = median(modes.none.times);
const raw = median(modes.raw.times);
const traced = median(modes.agentspan.times);
const [noneBest, rawBest, tracedBest] = [best(modes.none.times), best(modes.raw.times), best(modes.agentspan.times)];
const rawSpans = modes.raw.spans;
const tracedSpans = modes.agentspan.spans;

mode = 'agentspan';
const dispose = instrumentLlamaIndex({ agentspan: as });
const heap = [heapMb()];
const step = HEAP_TURNS / 4;
for (let q = 0; q < 4; q++) {
  for (let i = 0; i < step; i++) await agentspanTurn();
  heap.push(heapMb());
}
dispose();

const f = (x) => x.toFixed(1);
console.log(`S1 LlamaIndex turn, CPU µs per turn, median of ${ROUNDS} interleaved rounds of ${TURNS / ROUNDS} turns (node ${process.version}${gc ? ', --expose-gc' : ''})`);
console.log(`  none       ${f(none)} µs/turn [best ${f(noneBest)}]`);
console.log(`  raw OTel   ${f(raw)} µs/turn [best ${f(rawBest)}]  (+${f(raw - none)} µs, ${f(rawSpans)} spans/turn)`);
console.log(`  agentspan  ${f(traced)} µs/turn [best ${f(tracedBest)}]  (+${f(traced - none)} µs, ${f(tracedSpans)} spans/turn)`);
console.log(`  total ratio agentspan / raw = ${(traced / raw).toFixed(2)} [best ${(tracedBest / rawBest).toFixed(2)}]; overhead ratio (agentspan − none) / (raw − none) = ${((traced - none) / (raw - none)).toFixed(2)} [best ${((tracedBest - noneBest) / (rawBest - noneBest)).toFixed(2)}]`);
if (process.env.BENCH_VERBOSE) for (const [name, m] of Object.entries(modes)) console.log(`  ${name} rounds: ${m.times.map(f).join(' ')}`);
console.log(`  heap over ${HEAP_TURNS} traced turns (MB, after GC): ${heap.map(f).join(' → ')}`);
