// Cost of the normaliser: group and normalise the 50 traces of S5 (7 spans each, one folded
// provider HTTP span per chat). Run after `pnpm build`: node bench/normalize.bench.mjs
import { context, SpanKind, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { groupByTrace, normalizeTrace } from '../dist/index.js';

const exporter = new InMemorySpanExporter();
const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).getTracer('bench');
const ids = (i) => ({ 'gen_ai.conversation.id': `conv-${i}`, 'user.id': 'user-7' });
for (let i = 0; i < 50; i += 1) {
  const agent = tracer.startSpan('invoke_agent support-agent', { attributes: { ...ids(i), 'gen_ai.operation.name': 'invoke_agent' } });
  const parent = trace.setSpan(context.active(), agent);
  for (const [name, operation, kind] of [
    ['search_memory', 'search_memory', SpanKind.CLIENT],
    ['retrieval kb-policies', 'retrieval', SpanKind.CLIENT],
    ['chat gpt-4o-mini', 'chat', SpanKind.CLIENT],
    ['execute_tool lookup_order', 'execute_tool', SpanKind.INTERNAL],
    ['chat gpt-4o-mini', 'chat', SpanKind.CLIENT],
    ['upsert_memory', 'upsert_memory', SpanKind.CLIENT],
  ]) {
    const span = tracer.startSpan(name, { kind, attributes: { ...ids(i), 'gen_ai.operation.name': operation } }, parent);
    if (operation === 'chat') tracer.startSpan('POST', { kind: SpanKind.CLIENT }, trace.setSpan(parent, span)).end();
    span.end();
  }
  agent.end();
}
const spans = exporter.getFinishedSpans();
const run = () => groupByTrace(spans).map((t) => normalizeTrace(t));
for (let i = 0; i < 50; i += 1) run();
const rounds = 500;
const started = performance.now();
for (let i = 0; i < rounds; i += 1) run();
const perRound = (performance.now() - started) / rounds;
console.log(`normalise S5 (50 traces, ${spans.length} spans): ${perRound.toFixed(3)} ms per run, ${((perRound * 1000) / spans.length).toFixed(2)} µs per span`);
