// Bench: one S1 turn through a real createAgent agent, with our handler (and traced store)
// vs a no-op handler (LangChain's own callback dispatch), and the floor: the same seven
// spans made by hand with the raw OpenTelemetry API. Each mode runs in its own process
// (our execution wrappers are process-wide). Usage:
//   node bench/langchain.bench.mjs [turns=20000] [heapTurns=100000]
//   node --expose-gc bench/langchain.bench.mjs <mode> [turns] [heapTurns]   (one mode:
//     noop, ours, heap, replay, replay-noop, core-same, core-api, core, raw)
//   bash bench/instructions.sh [turns]   (instruction counts of the micro modes, callgrind)
// Needs the package built (`pnpm build`). BENCH_DIST=<path to an index.js> measures another
// build of the handler (for before/after comparisons).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const [, , modeArg, turnsArg, heapArg] = process.argv;
const isChild = ['noop', 'ours', 'raw', 'heap', 'replay', 'replay-noop', 'core', 'core-api', 'core-same'].includes(modeArg);
const TURNS = Number(isChild ? turnsArg : modeArg) || 20_000;
const HEAP_TURNS = Number(isChild ? heapArg : turnsArg) || 100_000;
const WARMUP = Number(process.env.BENCH_WARMUP) || 1_000;

if (!isChild) {
  const self = fileURLToPath(import.meta.url);
  const run = (mode) =>
    JSON.parse(execFileSync(process.execPath, ['--expose-gc', self, mode, String(TURNS), String(HEAP_TURNS)], { encoding: 'utf8' }));
  // Alternate the end-to-end modes: the machine's drift then hits both alike.
  const noops = [];
  const ourses = [];
  for (let i = 0; i < 3; i++) {
    noops.push(run('noop').usPerTurn);
    ourses.push(run('ours').usPerTurn);
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const noop = median(noops);
  const ours = median(ourses);
  // The micro modes: 3 alternating rounds, median of each.
  const micro = { replay: [], 'replay-noop': [], 'core-same': [], raw: [] };
  for (let i = 0; i < 3; i++) for (const mode of Object.keys(micro)) micro[mode].push(run(mode).usPerTurn);
  const raw = median(micro.raw);
  const replay = median(micro.replay) - median(micro['replay-noop']);
  const coreSame = median(micro['core-same']);
  const core = run('core').usPerTurn;
  const heap = run('heap');
  const overhead = ours - noop;
  const rows = [
    ['S1 turn through createAgent, no-op handler (LangChain dispatch)', noop],
    ['S1 turn through createAgent, agentspan handler + traced store', ours],
    ['end-to-end overhead (difference of the two)', overhead],
    ["S1's callback events replayed into the handler, minus the same replay into a no-op (handler + core + SDK)", replay],
    ['the core calls the handler makes for that replay, made directly (core + SDK, with the same awaits)', coreSame],
    ["the same tree through the core's async helpers (as.agent/as.chat/...)", core],
    ['raw OpenTelemetry floor (the same 7 spans by hand)', raw],
  ];
  console.log(`turns: ${TURNS} per mode (after ${WARMUP} warm-up; medians of 3 alternating runs), CPU time, Node ${process.version}\n`);
  console.log('| measure | µs per turn |\n|---|---|');
  for (const [name, us] of rows) console.log(`| ${name} | ${us.toFixed(1)} |`);
  console.log(`\nreplay / floor: ${(replay / raw).toFixed(2)}x (target <= 1.5x); core calls alone / floor: ${(coreSame / raw).toFixed(2)}x; end-to-end overhead / floor: ${(overhead / raw).toFixed(2)}x`);
  console.log(`heap after GC over ${HEAP_TURNS} turns with our handler (MB): ${heap.heapMb.map((m) => m.toFixed(1)).join(' -> ')}`);
  process.exit(0);
}

const { context, trace, SpanKind } = await import('@opentelemetry/api');
const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
const { BasicTracerProvider, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
const { Agentspan } = await import('@agentspan/core');

// Spans go through a real processor to an exporter that drops them: the SDK's own cost counts.
const discard = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => {} };
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(discard)] });
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
// AsyncLocalStorage turns its promise hooks on at its first context.with, and then every
// promise pays for them. In an application that uses OpenTelemetry they are always on;
// turn them on in every mode, or the no-op baseline would be the only mode without them.
context.with(context.active(), () => undefined);

// Every mode loads the same modules (LangChain, LangGraph, the handler) before it runs: the
// floor and the direct core calls then run in a heap of the replay's size, where each
// garbage collection costs what it costs the replay (a floor measured in a bare process
// gets cheaper collections than any LangChain application would give it).
const { BaseCallbackHandler } = await import('@langchain/core/callbacks/base');
const { BaseChatModel } = await import('@langchain/core/language_models/chat_models');
const { AIMessage, HumanMessage, ToolMessage } = await import('@langchain/core/messages');
const { BaseRetriever } = await import('@langchain/core/retrievers');
const { Document } = await import('@langchain/core/documents');
const { tool } = await import('@langchain/core/tools');
const { InMemoryStore } = await import('@langchain/langgraph');
const { createAgent, createMiddleware } = await import('langchain');
const { z } = await import('zod');
const { AgentspanCallbackHandler, traceStore } = await import(process.env.BENCH_DIST ?? '../dist/index.js');

// CPU time per turn: LangGraph's batched store waits on timers between steps, which
// inflates wall time by a millisecond per store call without costing anything.
// BENCH_CALLGRIND=1 (under `valgrind --tool=callgrind --instr-atstart=no`, see
// instructions.sh): instruction counting is switched on for the measured turns only.
const callgrind = process.env.BENCH_CALLGRIND
  ? (await import('node:util')).promisify((await import('node:child_process')).exec)
  : undefined;
async function timeTurns(turn, n) {
  for (let i = 0; i < WARMUP; i++) await turn(i);
  if (callgrind) {
    // Counted turns start after a full collection (then re-optimised by more warm-up): a
    // major collection, hundreds of millions of instructions in this heap, would otherwise
    // land in one counted window and not the other.
    globalThis.gc?.();
    for (let i = 0; i < WARMUP / 2; i++) await turn(i);
    await callgrind(`callgrind_control -i on ${process.pid}`);
  }
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) await turn(i);
  const used = process.cpuUsage(start);
  if (callgrind) await callgrind(`callgrind_control -i off ${process.pid}`);
  return (used.user + used.system) / n;
}


const PRICES = { 'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 } };
const USAGE_1 = { input_tokens: 420, output_tokens: 24, total_tokens: 444, input_token_details: { cache_read: 128 } };
const USAGE_2 = { input_tokens: 512, output_tokens: 64, total_tokens: 576, output_token_details: { reasoning: 16 } };

if (modeArg === 'core') {
  const as = new Agentspan({ tracerProvider: provider, prices: PRICES });
  const ids = as.withTurn({ conversationId: 'conv-42', userId: 'user-7' });
  const chat = { provider: 'openai', requestModel: 'gpt-4o-mini' };
  const result = (usage, reason, toolCallCount) => () => ({ responseModel: 'gpt-4o-mini-2024-07-18', usage, finishReasons: [reason], toolCallCount });
  const turn = () =>
    context.with(ids, () =>
      as.agent({ name: 'support-agent' }, async () => {
        await as.memory({ operation: 'search_memory', storeId: 'conversations' }, async () => [1, 2]);
        await as.retrieval({ dataSourceId: 'kb-policies', topK: 3 }, async () => [1, 2, 3]);
        await as.chat(chat, async () => 1, result(USAGE_1, 'tool_calls', 1));
        await as.tool({ name: 'lookup_order', callId: 'call_1' }, async () => 'x');
        await as.chat(chat, async () => 1, result(USAGE_2, 'stop', 0));
        await as.memory({ operation: 'upsert_memory', storeId: 'conversations' }, async () => [1]);
      }),
    );
  console.log(JSON.stringify({ usPerTurn: await timeTurns(turn, TURNS) }));
  process.exit(0);
}

if (modeArg === 'core-api') {
  // The same tree through the core's start/end API with explicit parents (no async
  // helpers): what the handler costs when the adapter's own work is nil.
  const as = new Agentspan({ tracerProvider: provider, prices: PRICES });
  const chat = { provider: 'openai', requestModel: 'gpt-4o-mini' };
  const r1 = { responseModel: 'gpt-4o-mini-2024-07-18', usage: USAGE_1, finishReasons: ['tool_calls'], toolCallCount: 1 };
  const r2 = { responseModel: 'gpt-4o-mini-2024-07-18', usage: USAGE_2, finishReasons: ['stop'], toolCallCount: 0 };
  const turn = async () => {
    const agent = as.startAgent({ name: 'support-agent', parent: context.active(), conversationId: 'conv-42', userId: 'user-7' });
    const parent = agent.context;
    as.startMemory({ operation: 'search_memory', storeId: 'conversations', parent }).end({ count: 2 });
    await Promise.resolve();
    as.startRetrieval({ dataSourceId: 'kb-policies', topK: 3, parent }).end({ count: 3 });
    await Promise.resolve();
    as.startChat({ ...chat, parent }).end(r1);
    await Promise.resolve();
    as.startTool({ name: 'lookup_order', callId: 'call_1', parent }).end();
    await Promise.resolve();
    as.startChat({ ...chat, parent }).end(r2);
    await Promise.resolve();
    as.startMemory({ operation: 'upsert_memory', storeId: 'conversations', parent }).end({ count: 1 });
    agent.end();
  };
  console.log(JSON.stringify({ usPerTurn: await timeTurns(turn, TURNS) }));
  process.exit(0);
}

if (modeArg === 'core-same') {
  // Exactly the core calls the handler makes for the replay (same start fields, so the
  // same attributes), with the replay's awaits: the handler's cost if the adapter's own
  // work (lookups, run records, registry) were free.
  const as = new Agentspan({ tracerProvider: provider, prices: PRICES });
  const r1 = { responseModel: 'gpt-4o-mini-2024-07-18', usage: USAGE_1, finishReasons: ['tool_calls'], toolCallCount: 1 };
  const r2 = { responseModel: 'gpt-4o-mini-2024-07-18', usage: USAGE_2, finishReasons: ['stop'], toolCallCount: 0 };
  const chat = (parent) => ({ parent, provider: 'openai', params: {}, framework: 'langchain', requestModel: 'gpt-4o-mini' });
  const nothing = () => undefined;
  const turn = async () => {
    const agent = as.startAgent({ parent: context.active(), conversationId: 'conv-42', userId: 'user-7', name: 'support-agent', isDefaultName: false, framework: 'langchain' });
    const parent = agent.context;
    for (let i = 0; i < 2; i++) await nothing();
    const search = as.startMemory({ operation: 'search_memory', framework: 'langgraph', parent: context.active(), storeId: 'conversations' });
    await Promise.resolve();
    search.end({ count: 2 });
    const retrieval = as.startRetrieval({ parent, dataSourceId: 'kb-policies', topK: 3, framework: 'langchain' });
    await nothing();
    retrieval.end({ count: 3 });
    for (let i = 0; i < 2; i++) await nothing();
    const c1 = as.startChat(chat(parent));
    await nothing();
    c1.end(r1);
    for (let i = 0; i < 2; i++) await nothing();
    const tool = as.startTool({ parent, name: 'lookup_order', callId: 'call_1', framework: 'langchain' });
    await nothing();
    tool.end(undefined);
    for (let i = 0; i < 2; i++) await nothing();
    const c2 = as.startChat(chat(parent));
    await nothing();
    c2.end(r2);
    for (let i = 0; i < 2; i++) await nothing();
    const put = as.startMemory({ operation: 'upsert_memory', framework: 'langgraph', parent: context.active(), recordId: 'mem-3', storeId: 'conversations' });
    await Promise.resolve();
    put.end({ count: 1 });
    for (let i = 0; i < 2; i++) await nothing();
    agent.end(undefined);
  };
  console.log(JSON.stringify({ usPerTurn: await timeTurns(turn, TURNS) }));
  process.exit(0);
}

if (modeArg === 'raw') {
  const tracer = provider.getTracer('floor');
  const ids = { 'gen_ai.conversation.id': 'conv-42', 'user.id': 'user-7' };
  const child = (parent, name, kind, attributes, end) => {
    const span = tracer.startSpan(name, { kind, attributes: { ...ids, ...attributes } }, parent);
    span.setAttributes(end);
    span.end();
  };
  const turn = async () => {
    const agent = tracer.startSpan('invoke_agent support-agent', { kind: SpanKind.INTERNAL, attributes: { ...ids, 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-agent' } });
    const ctx = trace.setSpan(context.active(), agent);
    child(ctx, 'search_memory', SpanKind.CLIENT, { 'gen_ai.operation.name': 'search_memory', 'gen_ai.memory.store.id': 'conversations' }, { 'gen_ai.memory.record.count': 2 });
    await Promise.resolve();
    child(ctx, 'retrieval kb-policies', SpanKind.CLIENT, { 'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'kb-policies', 'gen_ai.retrieval.top_k': 3 }, { 'agentspan.retrieval.document.count': 3 });
    await Promise.resolve();
    const chat = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' };
    child(ctx, 'chat gpt-4o-mini', SpanKind.CLIENT, chat, { 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18', 'gen_ai.usage.input_tokens': 420, 'gen_ai.usage.cache_read.input_tokens': 128, 'gen_ai.usage.output_tokens': 24, 'gen_ai.response.finish_reasons': ['tool_call'], 'agentspan.cost.usd': 0.0000678 });
    await Promise.resolve();
    child(ctx, 'execute_tool lookup_order', SpanKind.INTERNAL, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.call.id': 'call_1', 'gen_ai.tool.type': 'function', 'gen_ai.agent.name': 'support-agent' }, {});
    await Promise.resolve();
    child(ctx, 'chat gpt-4o-mini', SpanKind.CLIENT, chat, { 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18', 'gen_ai.usage.input_tokens': 512, 'gen_ai.usage.output_tokens': 64, 'gen_ai.usage.reasoning.output_tokens': 16, 'gen_ai.response.finish_reasons': ['stop'], 'agentspan.cost.usd': 0.0001152 });
    await Promise.resolve();
    child(ctx, 'upsert_memory', SpanKind.CLIENT, { 'gen_ai.operation.name': 'upsert_memory', 'gen_ai.memory.store.id': 'conversations' }, { 'gen_ai.memory.record.count': 1 });
    agent.setAttributes({ 'gen_ai.usage.input_tokens': 932, 'gen_ai.usage.output_tokens': 88, 'agentspan.cost.usd': 0.000183, 'agentspan.llm.calls': 2, 'agentspan.tool.calls': 1 });
    agent.end();
  };
  console.log(JSON.stringify({ usPerTurn: await timeTurns(turn, TURNS) }));
  process.exit(0);
}




const traced = modeArg !== 'noop';
const agentspan = new Agentspan({ tracerProvider: provider, prices: PRICES });

// The S1 turn, scripted: a tool call, then the answer; repeats every two calls.
const replies = [
  new AIMessage({
    content: '',
    tool_calls: [{ id: 'call_1', name: 'lookup_order', args: { orderId: '42' } }],
    usage_metadata: { input_tokens: 420, output_tokens: 24, total_tokens: 444, input_token_details: { cache_read: 128 } },
    response_metadata: { model_name: 'gpt-4o-mini-2024-07-18', finish_reason: 'tool_calls' },
  }),
  new AIMessage({
    content: 'Your order 42 has been delivered.',
    usage_metadata: { input_tokens: 512, output_tokens: 64, total_tokens: 576, output_token_details: { reasoning: 16 } },
    response_metadata: { model_name: 'gpt-4o-mini-2024-07-18', finish_reason: 'stop' },
  }),
];
if (modeArg === 'replay' || modeArg === 'replay-noop') {
  // S1's callback events as createAgent sends them (graph, hidden nodes, runs), fed
  // straight into the handler: its cost and the core's, without LangChain's.
  const agentspanReplay = new Agentspan({ tracerProvider: provider, prices: PRICES });
  const noopMethod = async () => {};
  const h =
    modeArg === 'replay'
      ? new AgentspanCallbackHandler({ agentspan: agentspanReplay })
      : new Proxy({}, { get: () => noopMethod });
  class TinyStore extends (await import('@langchain/langgraph')).BaseStore {
    async batch(ops) { return ops.map((op) => ('namespacePrefix' in op ? [{ key: 'a' }, { key: 'b' }] : undefined)); }
  }
  const replayStore =
    modeArg === 'replay' ? traceStore(new TinyStore(), { storeId: 'conversations', agentspan: agentspanReplay }) : new TinyStore();
  const graph = { lc: 1, type: 'not_implemented', id: ['langgraph', 'pregel', 'CompiledStateGraph'] };
  // Graph nodes are sequences (not graphs): hidden plumbing, no span.
  const nodeSer = { lc: 1, type: 'not_implemented', id: ['langchain_core', 'runnables', 'RunnableSequence'] };
  const llm = { lc: 1, type: 'not_implemented', id: ['langchain', 'chat_models', 'ChatOpenAI'] };
  const toolSer = { lc: 1, type: 'not_implemented', id: ['langchain', 'tools', 'DynamicStructuredTool'] };
  const md = { thread_id: 'conv-42', user_id: 'user-7', lc_agent_name: 'support-agent' };
  const chatMd = { ...md, ls_provider: 'openai', ls_model_name: 'gpt-4o-mini' };
  const retrieverMd = { ...md, 'gen_ai.data_source.id': 'kb-policies', 'gen_ai.retrieval.top_k': 3 };
  const extra = { invocation_params: { model: 'gpt-4o-mini' } };
  const messages = [[new HumanMessage('Where is my order 42?')]];
  const docs = [1, 2, 3].map((i) => new Document({ pageContent: `doc ${i}` }));
  const reply1 = { generations: [[{ text: '', message: replies[0] }]] };
  const reply2 = { generations: [[{ text: '', message: replies[1] }]] };
  const toolOut = new ToolMessage({ content: '{"status":"delivered"}', tool_call_id: 'call_1' });
  const node = async (id, parent, name, body) => {
    await h.handleChainStart(nodeSer, {}, id, parent, ['graph:step:1'], md, undefined, name);
    await body();
    await h.handleChainEnd({}, id);
  };
  const turn = async (i) => {
    const a = `a${i}`;
    await h.handleChainStart(graph, {}, a, undefined, [], md, undefined, 'support-agent');
    await node(`n0${i}`, a, '__start__', async () => {});
    await node(`n1${i}`, a, 'memory-and-knowledge.before_agent', async () => {
      await replayStore.search(['conversations', 'user-7']);
      await h.handleRetrieverStart(llm, 'q', `r${i}`, `n1${i}`, [], retrieverMd);
      await h.handleRetrieverEnd(docs, `r${i}`);
    });
    await node(`n2${i}`, a, 'model_request', async () => {
      await h.handleChatModelStart(llm, messages, `c1${i}`, `n2${i}`, extra, [], chatMd);
      await h.handleLLMEnd(reply1, `c1${i}`);
    });
    await node(`n3${i}`, a, 'tools', async () => {
      await h.handleToolStart(toolSer, '{"orderId":"42"}', `t${i}`, `n3${i}`, [], md, 'lookup_order', 'call_1');
      await h.handleToolEnd(toolOut, `t${i}`);
    });
    await node(`n4${i}`, a, 'model_request', async () => {
      await h.handleChatModelStart(llm, messages, `c2${i}`, `n4${i}`, extra, [], chatMd);
      await h.handleLLMEnd(reply2, `c2${i}`);
    });
    await node(`n5${i}`, a, 'memory-and-knowledge.after_agent', async () => {
      await replayStore.put(['conversations', 'user-7'], 'mem-3', { content: 'c' });
    });
    await h.handleChainEnd({}, a);
  };
  console.log(JSON.stringify({ usPerTurn: await timeTurns(turn, TURNS) }));
  process.exit(0);
}

class BenchModel extends BaseChatModel {
  calls = 0;
  _llmType() { return 'bench'; }
  getLsParams(o) { return { ...super.getLsParams(o), ls_provider: 'openai', ls_model_name: 'gpt-4o-mini' }; }
  invocationParams() { return { model: 'gpt-4o-mini' }; }
  bindTools() { return this; }
  async _generate() {
    const message = replies[this.calls++ % 2];
    return { generations: [{ text: '', message }] };
  }
}
class KnowledgeBase extends BaseRetriever {
  lc_namespace = ['bench'];
  docs = [1, 2, 3].map((i) => new Document({ id: `doc-${i}`, pageContent: `doc ${i}` }));
  async _getRelevantDocuments() { return this.docs; }
}
const retriever = new KnowledgeBase({ metadata: { 'gen_ai.data_source.id': 'kb-policies', 'gen_ai.retrieval.top_k': 3 } });
const memory = new InMemoryStore();
await memory.put(['conversations', 'user-7'], 'mem-1', { content: 'a' });
await memory.put(['conversations', 'user-7'], 'mem-2', { content: 'b' });
const store = traced ? traceStore(memory, { storeId: 'conversations', agentspan }) : memory;
const lookup = tool(async () => '{"status":"delivered"}', { name: 'lookup_order', description: 'Looks up an order.', schema: z.object({ orderId: z.string() }) });
const middleware = createMiddleware({
  name: 'memory-and-knowledge',
  beforeAgent: async (_state, runtime) => {
    await runtime.store.search(['conversations', 'user-7']);
    await retriever.invoke('order 42');
  },
  afterAgent: async (_state, runtime) => {
    await runtime.store.put(['conversations', 'user-7'], 'mem-3', { content: 'c' });
  },
  wrapToolCall: async (request, handler) => {
    try {
      return await handler(request);
    } catch (e) {
      return new ToolMessage({ content: String(e), tool_call_id: request.toolCall.id ?? '' });
    }
  },
});
const agent = createAgent({ model: new BenchModel({}), tools: [lookup], name: 'support-agent', middleware: [middleware], store });

class NoopHandler extends BaseCallbackHandler {
  name = 'noop';
  constructor() { super({ _awaitHandler: true }); }
}
// BENCH_NO_WRAP=1: without the execution wrappers (what the nesting of provider spans costs).
const handler = traced ? new AgentspanCallbackHandler({ agentspan, wrapExecution: !process.env.BENCH_NO_WRAP }) : new NoopHandler();
const input = { messages: [{ role: 'user', content: 'Where is my order 42?' }] };
const invoke = (i) =>
  agent.invoke(input, { callbacks: [handler], configurable: { thread_id: `conv-${i % 50}` }, metadata: { user_id: 'user-7' } });
const KEY = Symbol('bench');
const turn = process.env.BENCH_ACTIVE_CONTEXT ? (i) => context.with(context.active().setValue(KEY, i), () => invoke(i)) : invoke;

if (modeArg === 'heap') {
  const heapMb = [];
  const step = Math.max(1, Math.floor(HEAP_TURNS / 5));
  for (let i = 0; i < HEAP_TURNS; i++) {
    if (i % step === 0) {
      globalThis.gc?.();
      heapMb.push(process.memoryUsage().heapUsed / 1e6);
    }
    await turn(i);
  }
  globalThis.gc?.();
  heapMb.push(process.memoryUsage().heapUsed / 1e6);
  console.log(JSON.stringify({ heapMb }));
} else {
  console.log(JSON.stringify({ usPerTurn: await timeTurns(turn, TURNS) }));
}
process.exit(0);
