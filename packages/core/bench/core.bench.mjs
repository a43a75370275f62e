// S1 through the core against the floor: the same seven spans made by hand with the raw
// OpenTelemetry API (same names, kinds, attributes, parenting). Prints per-turn µs, the
// ratio, and heap growth over many turns. Run: pnpm --filter @agentspan/core bench
import { context, SpanKind, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { Agentspan } from '../dist/index.js';

const TURNS = Number(process.env.BENCH_TURNS ?? 100_000);
const WARMUP = Number(process.env.BENCH_WARMUP) || 5_000;
let exported = 0;
const exporter = { export: (spans, done) => { exported += spans.length; done({ code: 0 }); }, shutdown: async () => {} };
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const tracer = provider.getTracer('floor');
const as = new Agentspan({ tracerProvider: provider, prices: { 'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 } } });
const ids = { 'gen_ai.conversation.id': 'conv-42', 'user.id': 'user-7' };

function floorTurn() {
  const agent = tracer.startSpan('invoke_agent support-agent', { kind: SpanKind.INTERNAL, attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-agent', ...ids } });
  const ctx = trace.setSpan(context.active(), agent);
  const child = (name, kind, start, end) => {
    const s = tracer.startSpan(name, { kind, attributes: { ...start, ...ids } }, ctx);
    s.setAttributes(end);
    s.end();
  };
  child('search_memory', SpanKind.CLIENT, { 'gen_ai.operation.name': 'search_memory', 'gen_ai.memory.store.id': 'conversations' }, { 'gen_ai.memory.record.count': 2 });
  child('retrieval kb-policies', SpanKind.CLIENT, { 'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'kb-policies', 'gen_ai.retrieval.top_k': 3 }, { 'agentspan.retrieval.document.count': 3 });
  const chatStart = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' };
  child('chat gpt-4o-mini', SpanKind.CLIENT, chatStart, { 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18', 'gen_ai.usage.input_tokens': 420, 'gen_ai.usage.cache_read.input_tokens': 128, 'gen_ai.usage.output_tokens': 24, 'gen_ai.response.finish_reasons': ['tool_call'], 'agentspan.cost.usd': 0.0000678 });
  child('execute_tool lookup_order', SpanKind.INTERNAL, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.call.id': 'call_1', 'gen_ai.tool.type': 'function', 'gen_ai.agent.name': 'support-agent' }, {});
  child('chat gpt-4o-mini', SpanKind.CLIENT, chatStart, { 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18', 'gen_ai.usage.input_tokens': 512, 'gen_ai.usage.output_tokens': 64, 'gen_ai.usage.reasoning.output_tokens': 16, 'gen_ai.response.finish_reasons': ['stop'], 'agentspan.cost.usd': 0.0001152 });
  child('upsert_memory', SpanKind.CLIENT, { 'gen_ai.operation.name': 'upsert_memory', 'gen_ai.memory.store.id': 'conversations' }, { 'gen_ai.memory.record.count': 1 });
  agent.setAttributes({ 'gen_ai.usage.input_tokens': 932, 'gen_ai.usage.output_tokens': 88, 'agentspan.cost.usd': 0.000183, 'agentspan.llm.calls': 2, 'agentspan.tool.calls': 1 });
  agent.end();
}

const turnCtx = as.withTurn({ conversationId: 'conv-42', userId: 'user-7' });
const usage1 = { input_tokens: 420, output_tokens: 24, input_token_details: { cache_read: 128 } };
const usage2 = { input_tokens: 512, output_tokens: 64, output_token_details: { reasoning: 16 } };
const result1 = { responseModel: 'gpt-4o-mini-2024-07-18', usage: usage1, finishReasons: ['tool_calls'] };
const result2 = { responseModel: 'gpt-4o-mini-2024-07-18', usage: usage2, finishReasons: ['stop'] };
function coreTurn() {
  const agent = as.startAgent({ name: 'support-agent', parent: turnCtx });
  const parent = agent.context;
  as.startMemory({ operation: 'search_memory', storeId: 'conversations', parent }).end({ count: 2 });
  as.startRetrieval({ dataSourceId: 'kb-policies', topK: 3, parent }).end({ count: 3 });
  as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini', parent }).end(result1);
  as.startTool({ name: 'lookup_order', callId: 'call_1', parent }).end();
  as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini', parent }).end(result2);
  as.startMemory({ operation: 'upsert_memory', storeId: 'conversations', parent }).end({ count: 1 });
  agent.end();
}

async function measure(fn, n) {
  let total = 0n;
  for (let done = 0; done < n; done += 1000) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) fn();
    total += process.hrtime.bigint() - t0;
    await drain();
  }
  return Number(total) / 1e3 / n;
}
// The SDK settles each export in a microtask: yield between batches so the loop
// measures what stays reachable, not what is merely waiting for its turn.
const drain = () => new Promise((resolve) => setImmediate(resolve));
async function heapAfter(fn, n) {
  await drain();
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) {
    fn();
    if (i % 1000 === 999) await drain();
  }
  await drain();
  globalThis.gc?.();
  return (process.memoryUsage().heapUsed - before) / 1024 / 1024;
}

// BENCH_ONLY=floor|core: that mode's turns alone, with instruction counting on for the
// measured turns when BENCH_CALLGRIND is set (under valgrind; see instructions.sh).
if (process.env.BENCH_ONLY) {
  const fn = process.env.BENCH_ONLY === 'floor' ? floorTurn : coreTurn;
  const exec = process.env.BENCH_CALLGRIND ? (await import('node:util')).promisify((await import('node:child_process')).exec) : undefined;
  await measure(fn, WARMUP);
  if (exec) {
    // Counted turns start after a full collection, then more warm-up (re-optimisation): no
    // major collection lands in one counted window and not the other.
    globalThis.gc?.();
    await measure(fn, WARMUP / 2);
    await exec(`callgrind_control -i on ${process.pid}`);
  }
  const us = await measure(fn, TURNS);
  if (exec) await exec(`callgrind_control -i off ${process.pid}`);
  console.log(JSON.stringify({ usPerTurn: us }));
  process.exit(0);
}

for (const fn of [floorTurn, coreTurn]) await measure(fn, WARMUP);
// Interleave rounds so machine noise hits both alike; report the median round.
const rounds = 7;
const floor = [];
const core = [];
for (let r = 0; r < rounds; r++) {
  floor.push(await measure(floorTurn, TURNS / rounds));
  core.push(await measure(coreTurn, TURNS / rounds));
}
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const f = median(floor);
const c = median(core);
const heap = await heapAfter(coreTurn, TURNS);
if (process.env.BENCH_FLOOR_HEAP) console.log(`  floor heap     : ${(await heapAfter(floorTurn, TURNS)).toFixed(2)} MiB`);
console.log(`S1 turn (7 spans), ${TURNS} turns, median of ${rounds} rounds`);
console.log(`  raw OTel floor : ${f.toFixed(2)} µs/turn`);
console.log(`  agentspan core : ${c.toFixed(2)} µs/turn`);
console.log(`  ratio          : ${(c / f).toFixed(2)}× the floor`);
console.log(`  heap growth    : ${heap.toFixed(2)} MiB over ${TURNS} more turns${globalThis.gc ? '' : ' (run with --expose-gc for a clean figure)'}`);
console.log(`  spans exported : ${exported}`);
