// S1 through the AI SDK: the same turn (memory read, retrieval, generateText with a tool
// call, memory write) with no tracing, with the smallest hand-written raw-OpenTelemetry
// integration that makes the same seven spans (the floor), with @agentspan/ai-sdk, and with
// Vercel's @ai-sdk/otel for reference. Prints per-turn µs, overhead ratios and heap growth.
// Run: pnpm --filter @agentspan/ai-sdk build && pnpm --filter @agentspan/ai-sdk bench
import { Agentspan } from '@agentspan/core';
import { OpenTelemetry } from '@ai-sdk/otel';
import { SpanKind, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { generateText, stepCountIs, tool } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { z } from 'zod';
import { agentspanTelemetry, traceMemoryStore, tracedRetrieval } from '../dist/index.js';

const TURNS = Number(process.env.BENCH_TURNS ?? 20_000);
const HEAP_TURNS = Number(process.env.BENCH_HEAP_TURNS ?? 100_000);
const WARMUP = 2_000;

let exported = 0;
const exporter = { export: (spans, done) => { exported += spans.length; done({ code: 0 }); }, shutdown: async () => {} };
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
trace.setGlobalTracerProvider(provider);
const tracer = provider.getTracer('floor');
const as = new Agentspan({ tracerProvider: provider, prices: { 'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 } } });

// ---- the application (identical in every variant) ----
const usage = (input, cacheRead, output, reasoning) => ({
  inputTokens: { total: input, noCache: input - (cacheRead ?? 0), cacheRead, cacheWrite: undefined },
  outputTokens: { total: output, text: output - (reasoning ?? 0), reasoning },
});
const R1 = { content: [{ type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup_order', input: '{"orderId":"42"}' }], finishReason: { unified: 'tool-calls', raw: 'tool_calls' }, usage: usage(420, 128, 24), warnings: [], response: { id: 'c1', modelId: 'gpt-4o-mini-2024-07-18' } };
const R2 = { content: [{ type: 'text', text: 'Your order 42 has been delivered.' }], finishReason: { unified: 'stop', raw: 'stop' }, usage: usage(512, undefined, 64, 16), warnings: [], response: { id: 'c2', modelId: 'gpt-4o-mini-2024-07-18' } };
function model() {
  let n = 0;
  return new MockLanguageModelV4({ provider: 'openai.chat', modelId: 'gpt-4o-mini', doGenerate: async () => (++n === 1 ? R1 : R2) });
}
const tools = { lookup_order: tool({ description: 'Looks up an order by id.', inputSchema: z.object({ orderId: z.string() }), execute: async () => ({ status: 'delivered' }) }) };
const RECORDS = [{ id: 'mem-1', content: 'a' }, { id: 'mem-2', content: 'b' }];
const DOCS = [{ id: 'doc-1', score: 0.9, content: 'x' }, { id: 'doc-2', score: 0.8, content: 'y' }, { id: 'doc-3', score: 0.7, content: 'z' }];
const store = { search: async () => RECORDS, save: async () => {} };
const kbSearch = async (_q, k) => DOCS.slice(0, k);

async function appTurn(memory, search, telemetry) {
  await memory.search('conv-42');
  await search('Where is my order 42?', 3);
  await generateText({ model: model(), tools, prompt: 'Where is my order 42?', stopWhen: stepCountIs(5), maxRetries: 0, telemetry });
  await memory.save({ id: 'mem-3', content: 'c' });
}

// ---- variant: no tracing ----
const noTelemetry = { isEnabled: false };
const none = () => appTurn(store, kbSearch, noTelemetry);

// ---- variant: the floor, raw OpenTelemetry by hand ----
const IDS = { 'gen_ai.conversation.id': 'conv-42', 'user.id': 'user-7' };
function rawSpan(name, kind, attributes, fn, endAttributes) {
  const span = tracer.startSpan(name, { kind, attributes: { ...attributes, ...IDS } });
  return context.with(trace.setSpan(context.active(), span), fn).then((v) => { span.setAttributes(endAttributes(v)); span.end(); return v; });
}
const rawStore = {
  search: () => rawSpan('search_memory', SpanKind.CLIENT, { 'gen_ai.operation.name': 'search_memory', 'gen_ai.memory.store.id': 'conversations' }, () => store.search(), (v) => ({ 'gen_ai.memory.record.count': v.length })),
  save: (r) => rawSpan('upsert_memory', SpanKind.CLIENT, { 'gen_ai.operation.name': 'upsert_memory', 'gen_ai.memory.store.id': 'conversations' }, () => store.save(r), () => ({ 'gen_ai.memory.record.count': 1 })),
};
const rawSearch = (q, k) => rawSpan('retrieval kb-policies', SpanKind.CLIENT, { 'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'kb-policies', 'gen_ai.retrieval.top_k': k }, () => kbSearch(q, k), (v) => ({ 'agentspan.retrieval.document.count': v.length }));
/** The smallest integration making the chat and tool spans: a map by call id, no mapping, no rollups. */
const rawRuns = new Map();
const rawIntegration = {
  onStart(e) { rawRuns.set(e.callId, { parent: context.active(), tools: new Map() }); },
  onLanguageModelCallStart(e) {
    const run = rawRuns.get(e.callId);
    run.chat = tracer.startSpan(`chat ${e.modelId}`, { kind: SpanKind.CLIENT, attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': e.modelId, ...IDS } }, run.parent);
  },
  executeLanguageModelCall(o) { const run = rawRuns.get(o.callId); return context.with(trace.setSpan(run.parent, run.chat), o.execute); },
  onLanguageModelCallEnd(e) {
    const run = rawRuns.get(e.callId);
    const u = e.usage;
    run.chat.setAttributes({ 'gen_ai.response.model': e.modelId, 'gen_ai.usage.input_tokens': u.inputTokens, 'gen_ai.usage.output_tokens': u.outputTokens, 'gen_ai.response.finish_reasons': [e.finishReason === 'tool-calls' ? 'tool_call' : e.finishReason] });
    run.chat.end();
  },
  onToolExecutionStart(e) {
    const run = rawRuns.get(e.callId);
    run.tools.set(e.toolCall.toolCallId, tracer.startSpan(`execute_tool ${e.toolCall.toolName}`, { kind: SpanKind.INTERNAL, attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': e.toolCall.toolName, 'gen_ai.tool.call.id': e.toolCall.toolCallId, 'gen_ai.tool.type': 'function', 'gen_ai.agent.name': 'support-agent', ...IDS } }, run.parent));
  },
  executeTool(o) { const run = rawRuns.get(o.callId); return context.with(trace.setSpan(run.parent, run.tools.get(o.toolCallId)), o.execute); },
  onToolExecutionEnd(e) { const run = rawRuns.get(e.callId); run.tools.get(e.toolCall.toolCallId).end(); run.tools.delete(e.toolCall.toolCallId); },
  onEnd(e) { rawRuns.delete(e.callId); },
  onError(e) { rawRuns.delete(e.callId); },
};
const rawTelemetry = { functionId: 'support-agent', integrations: [rawIntegration] };
const floor = () =>
  rawSpan('invoke_agent support-agent', SpanKind.INTERNAL, { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'support-agent' }, () => appTurn(rawStore, rawSearch, rawTelemetry), () => ({
    'gen_ai.usage.input_tokens': 932, 'gen_ai.usage.output_tokens': 88, 'agentspan.cost.usd': 0.000183, 'agentspan.llm.calls': 2, 'agentspan.tool.calls': 1,
  }));

// ---- variant: @agentspan/ai-sdk ----
const oursTelemetry = { functionId: 'support-agent', integrations: [agentspanTelemetry({ agentspan: as })] };
const tracedStore = traceMemoryStore(store, { storeId: 'conversations', agentspan: as });
const tracedSearch = tracedRetrieval(kbSearch, { dataSourceId: 'kb-policies', topK: (_q, k) => k, agentspan: as });
const turnIds = { name: 'support-agent', conversationId: 'conv-42', userId: 'user-7' };
const ours = () => as.agent(turnIds, () => appTurn(tracedStore, tracedSearch, oursTelemetry));

// ---- reference: Vercel's @ai-sdk/otel (its own tree; no memory or retrieval spans) ----
const vercelTelemetry = { functionId: 'support-agent', integrations: [new OpenTelemetry({ tracer })] };
const vercel = () => appTurn(store, kbSearch, vercelTelemetry);

// ---- measurement ----
const drain = () => new Promise((resolve) => setImmediate(resolve));
async function measure(fn, n) {
  for (let i = 0; i < WARMUP; i++) await fn();
  let total = 0n;
  for (let done = 0; done < n; done += 500) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 500; i++) await fn();
    total += process.hrtime.bigint() - t0;
    await drain();
  }
  return Number(total) / 1e3 / n;
}
async function heapGrowthMb(fn, n) {
  await drain();
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < n; i++) {
    await fn();
    if (i % 1000 === 999) await drain();
  }
  await drain();
  globalThis.gc?.();
  return (process.memoryUsage().heapUsed - before) / 1024 / 1024;
}

// Check that each variant makes what it should before timing it.
async function spansOf(fn) {
  const before = exported;
  await fn();
  await drain();
  return exported - before;
}
const counts = { none: await spansOf(none), floor: await spansOf(floor), ours: await spansOf(ours), vercel: await spansOf(vercel) };
if (counts.none !== 0 || counts.floor !== 7 || counts.ours !== 7) throw new Error(`unexpected span counts ${JSON.stringify(counts)}`);

const ROUNDS = 3;
const results = { none: [], floor: [], ours: [], vercel: [] };
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, fn] of Object.entries({ none, floor, ours, vercel })) results[name].push(await measure(fn, TURNS));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const us = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
const over = (k) => us[k] - us.none;
console.log(`S1 through the AI SDK ${process.versions.node}, ${TURNS} turns x ${ROUNDS} rounds (median), spans per turn ${JSON.stringify(counts)}`);
console.log(`  no tracing          ${us.none.toFixed(1)} µs/turn`);
console.log(`  raw OTel floor      ${us.floor.toFixed(1)} µs/turn  (+${over('floor').toFixed(1)} µs)`);
console.log(`  @agentspan/ai-sdk   ${us.ours.toFixed(1)} µs/turn  (+${over('ours').toFixed(1)} µs)  overhead ratio to the floor ${(over('ours') / over('floor')).toFixed(2)}x`);
console.log(`  @ai-sdk/otel (ref)  ${us.vercel.toFixed(1)} µs/turn  (+${over('vercel').toFixed(1)} µs)  overhead ratio to the floor ${(over('vercel') / over('floor')).toFixed(2)}x`);
if (globalThis.gc) {
  for (const [name, fn] of Object.entries({ ours, floor })) {
    console.log(`  heap growth over ${HEAP_TURNS} turns (${name}): ${(await heapGrowthMb(fn, HEAP_TURNS)).toFixed(2)} MB`);
  }
} else {
  console.log('  (run with node --expose-gc for heap figures)');
}
