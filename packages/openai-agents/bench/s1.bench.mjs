// S1 through the OpenAI Agents SDK: the same turn (memory read, retrieval, a Runner.run with a
// tool call and two model calls, memory write) with no tracing, with the smallest hand-written
// raw-OpenTelemetry tracing that makes the same seven spans and keeps each active while its
// work runs (the floor), and with @agentspan/openai-agents. The SDK's own tracing is on in
// every mode (agentspan reads its spans), with no trace processor but agentspan's.
//
//   node --expose-gc bench/s1.bench.mjs            all modes, interleaved rounds, CPU µs per turn, heap
//   node bench/s1.bench.mjs <mode> <turns>         one mode (none | floor | agentspan), for callgrind
//   bash bench/instructions.sh [turns]             instruction counts per turn (callgrind)
//
// BENCH_TURNS (per round), BENCH_ROUNDS, BENCH_WARMUP, BENCH_HEAP_TURNS change the sizes.
import { Agentspan } from '@agentspan/core';
import { Agent, Runner, Usage, setTraceProcessors, setTracingDisabled, tool } from '@openai/agents';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';
import { instrumentOpenAIAgents } from '../dist/index.js';

const TURNS = Number(process.env.BENCH_TURNS ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 3_000);
const HEAP_TURNS = Number(process.env.BENCH_HEAP_TURNS ?? 20_000);
const [onlyMode, onlyTurns] = process.argv.slice(2);

let exported = 0;
const exporter = { export: (spans, done) => { exported += spans.length; done({ code: 0 }); }, shutdown: async () => {} };
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
trace.setGlobalTracerProvider(provider);
const tracer = provider.getTracer('floor');
const as = new Agentspan({ tracerProvider: provider, prices: { 'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 } } });
setTracingDisabled(false);
setTraceProcessors([]);

// ---- the application (identical in every mode) ----
const QUESTION = 'Where is my order 42?';
const usage = (input, output, cached, reasoning) =>
  new Usage({ requests: 1, inputTokens: input, outputTokens: output, totalTokens: input + output, inputTokensDetails: { cached_tokens: cached }, outputTokensDetails: { reasoning_tokens: reasoning } });
/** The model: a tool call, then (once the tool's result is in the input) the answer. */
class BenchModel {
  model = 'gpt-4o-mini';
  provider = 'openai';
  async getResponse(request) {
    const answered = Array.isArray(request.input) && request.input.some((item) => item.type === 'function_call_result');
    if (!answered) {
      return { usage: usage(420, 24, 128, 0), responseId: 'c1', output: [{ type: 'function_call', callId: 'call_1', name: 'lookup_order', arguments: '{"orderId":"42"}', status: 'completed' }] };
    }
    return { usage: usage(512, 64, 0, 16), responseId: 'c2', output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Your order 42 has been delivered.' }] }] };
  }
  async *getStreamedResponse() {}
}
const lookup = async () => ({ status: 'delivered' });
const RECORDS = [{ id: 'mem-1', content: 'a' }, { id: 'mem-2', content: 'b' }];
const DOCS = [{ id: 'doc-1', score: 0.9, content: 'x' }, { id: 'doc-2', score: 0.8, content: 'y' }, { id: 'doc-3', score: 0.7, content: 'z' }];
const store = { search: async () => RECORDS, save: async () => {} };
const kbSearch = async (_q, k) => DOCS.slice(0, k);

/** One app: its own model, tool and runner (modes never share instances). */
function app(model, execute) {
  const agent = new Agent({
    name: 'support-agent',
    instructions: 'You are a support agent.',
    model: 'gpt-4o-mini',
    tools: [tool({ name: 'lookup_order', description: 'Looks up an order by id.', parameters: z.object({ orderId: z.string() }), execute })],
  });
  const runner = new Runner({ modelProvider: { getModel: () => model } });
  return (memory, search) => async () => {
    await memory.search('conv-42');
    await search(QUESTION, 3);
    await runner.run(agent, QUESTION);
    await memory.save({ id: 'mem-3', content: 'c' });
  };
}

// ---- mode: no tracing ----
const none = app(new BenchModel(), lookup)(store, kbSearch);

// ---- mode: the floor, raw OpenTelemetry by hand ----
const IDS = { 'gen_ai.conversation.id': 'conv-42', 'user.id': 'user-7' };
function rawSpan(name, kind, attributes, fn, endAttributes) {
  const span = tracer.startSpan(name, { kind, attributes: { ...attributes, ...IDS } });
  return context.with(trace.setSpan(context.active(), span), fn).then((v) => {
    span.setAttributes(endAttributes(v));
    span.end();
    return v;
  });
}
const CHAT = { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini' };
/** The model wrapped by hand: the chat span active while the call runs, its facts read from the answer. */
class FloorModel extends BenchModel {
  getResponse(request) {
    return rawSpan('chat gpt-4o-mini', SpanKind.CLIENT, CHAT, () => super.getResponse(request), (r) => ({
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': r.usage.inputTokens,
      'gen_ai.usage.output_tokens': r.usage.outputTokens,
      'gen_ai.response.finish_reasons': [r.output[0].type === 'function_call' ? 'tool_call' : 'stop'],
    }));
  }
}
/** The tool wrapped by hand: execute_tool active while its body runs. */
const floorLookup = (_args, _ctx, details) =>
  rawSpan('execute_tool lookup_order', SpanKind.INTERNAL, {
    'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.call.id': details?.toolCall?.callId, 'gen_ai.tool.type': 'function', 'gen_ai.agent.name': 'support-agent',
  }, lookup, () => ({}));
const rawStore = {
  search: () => rawSpan('search_memory', SpanKind.CLIENT, { 'gen_ai.operation.name': 'search_memory', 'gen_ai.memory.store.id': 'conversations' }, () => store.search(), (v) => ({ 'gen_ai.memory.record.count': v.length })),
  save: (r) => rawSpan('upsert_memory', SpanKind.CLIENT, { 'gen_ai.operation.name': 'upsert_memory', 'gen_ai.memory.store.id': 'conversations' }, () => store.save(r), () => ({ 'gen_ai.memory.record.count': 1 })),
};
const rawSearch = (q, k) => rawSpan('retrieval kb-policies', SpanKind.CLIENT, { 'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'kb-policies', 'gen_ai.retrieval.top_k': k }, () => kbSearch(q, k), (v) => ({ 'agentspan.retrieval.document.count': v.length }));
const floorTurn = app(new FloorModel(), floorLookup)(rawStore, rawSearch);
const floor = () =>
  rawSpan('invoke_agent support-agent', SpanKind.INTERNAL, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-agent' }, floorTurn, () => ({
    'gen_ai.usage.input_tokens': 932, 'gen_ai.usage.output_tokens': 88, 'agentspan.cost.usd': 0.000183, 'agentspan.llm.calls': 2, 'agentspan.tool.calls': 1,
  }));

// ---- mode: @agentspan/openai-agents (enabled for its rounds only: it patches Runner.prototype) ----
const turnIds = { name: 'support-agent', conversationId: 'conv-42', userId: 'user-7' };
const oursStore = {
  search: (id) => as.memory({ operation: 'search_memory', storeId: 'conversations' }, () => store.search(id)),
  save: (r) => as.memory({ operation: 'upsert_memory', storeId: 'conversations', records: [r] }, () => store.save(r)),
};
const oursSearch = (q, k) => as.retrieval({ dataSourceId: 'kb-policies', topK: k }, () => kbSearch(q, k));
const oursTurn = app(new BenchModel(), lookup)(oursStore, oursSearch);
const agentspanMode = () => as.agent(turnIds, oursTurn);

const MODES = { none, floor, agentspan: agentspanMode };
let dispose;
const enter = (mode) => {
  if (mode === 'agentspan') dispose = instrumentOpenAIAgents({ agentspan: as, keepOtherProcessors: false });
};
const leave = () => {
  dispose?.();
  dispose = undefined;
};

// ---- measurement ----
const drain = () => new Promise((resolve) => setImmediate(resolve));
const callgrind = process.env.BENCH_CALLGRIND
  ? (await import('node:util')).promisify((await import('node:child_process')).exec)
  : undefined;
/** Process CPU µs per turn (GC and compiler threads included). */
async function cpuPerTurn(fn, n) {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    await fn();
    if (i % 500 === 499) await drain();
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / n;
}
async function spansOf(mode) {
  enter(mode);
  const before = exported;
  await MODES[mode]();
  await drain();
  leave();
  return exported - before;
}
const counts = { none: await spansOf('none'), floor: await spansOf('floor'), agentspan: await spansOf('agentspan') };
if (counts.none !== 0 || counts.floor !== 7 || counts.agentspan !== 7) throw new Error(`unexpected span counts ${JSON.stringify(counts)}`);

if (onlyMode) {
  // One mode, for callgrind: warm up, collect, warm again, count the measured turns only.
  const fn = MODES[onlyMode];
  enter(onlyMode);
  for (let i = 0; i < WARMUP; i++) await fn();
  globalThis.gc?.();
  for (let i = 0; i < WARMUP / 2; i++) await fn();
  await drain();
  if (callgrind) await callgrind(`callgrind_control -i on ${process.pid}`);
  const n = Number(onlyTurns ?? TURNS);
  for (let i = 0; i < n; i++) await fn();
  if (callgrind) await callgrind(`callgrind_control -i off ${process.pid}`);
  leave();
  process.exit(0);
}

for (const mode of Object.keys(MODES)) {
  enter(mode);
  for (let i = 0; i < WARMUP; i++) await MODES[mode]();
  leave();
}
const results = { none: [], floor: [], agentspan: [] };
const names = Object.keys(MODES);
for (let r = 0; r < ROUNDS; r++) {
  // The order rotates each round: no mode always runs right after the same one.
  for (let k = 0; k < names.length; k++) {
    const mode = names[(r + k) % names.length];
    enter(mode);
    results[mode].push(await cpuPerTurn(MODES[mode], TURNS));
    leave();
    await drain();
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const us = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const over = (k) => us[k] - us.none;
const perRound = results.agentspan.map((v, i) => (v - results.none[i]) / (results.floor[i] - results.none[i]));
console.log(`S1 through the OpenAI Agents SDK, node ${process.versions.node}, ${TURNS} turns x ${ROUNDS} rounds (median), spans per turn ${JSON.stringify(counts)}`);
console.log(`  no tracing                ${us.none.toFixed(1)} µs/turn`);
console.log(`  raw OTel floor            ${us.floor.toFixed(1)} µs/turn  (+${over('floor').toFixed(1)} µs)`);
console.log(`  @agentspan/openai-agents  ${us.agentspan.toFixed(1)} µs/turn  (+${over('agentspan').toFixed(1)} µs)  ratio to the floor ${(over('agentspan') / over('floor')).toFixed(2)}x (median of per-round ratios ${median(perRound).toFixed(2)}x)`);
if (globalThis.gc) {
  for (const mode of ['agentspan', 'floor']) {
    enter(mode);
    await drain();
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < HEAP_TURNS; i++) {
      await MODES[mode]();
      if (i % 1000 === 999) await drain();
    }
    await drain();
    globalThis.gc();
    console.log(`  heap growth over ${HEAP_TURNS} turns (${mode}): ${((process.memoryUsage().heapUsed - before) / 1024 / 1024).toFixed(2)} MB`);
    leave();
  }
} else {
  console.log('  (run with node --expose-gc for heap figures)');
}
