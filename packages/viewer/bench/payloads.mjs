// Bench payloads: S1-shaped turns (an agent span and six GenAI children, the attributes the
// core writes) made by the real SDK and serialised by OpenTelemetry's own OTLP serialisers.
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { context, SpanKind, trace } from '@opentelemetry/api';

const CHILDREN = [
  ['search_memory', SpanKind.CLIENT, { 'gen_ai.operation.name': 'search_memory', 'gen_ai.memory.store.id': 'conversations', 'gen_ai.memory.record.count': 2 }],
  ['retrieval kb-policies', SpanKind.CLIENT, { 'gen_ai.operation.name': 'retrieval', 'gen_ai.data_source.id': 'kb-policies', 'gen_ai.retrieval.top_k': 3 }],
  ['chat gpt-4o-mini', SpanKind.CLIENT, { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18', 'gen_ai.usage.input_tokens': 420, 'gen_ai.usage.cache_read.input_tokens': 128, 'gen_ai.usage.output_tokens': 24, 'gen_ai.response.finish_reasons': ['tool_call'], 'agentspan.cost.usd': 0.0000678 }],
  ['execute_tool lookup_order', SpanKind.INTERNAL, { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.call.id': 'call_1', 'gen_ai.tool.type': 'function' }],
  ['chat gpt-4o-mini', SpanKind.CLIENT, { 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.response.model': 'gpt-4o-mini-2024-07-18', 'gen_ai.usage.input_tokens': 512, 'gen_ai.usage.output_tokens': 64, 'gen_ai.usage.reasoning.output_tokens': 16, 'gen_ai.response.finish_reasons': ['stop'], 'agentspan.cost.usd': 0.0001152 }],
  ['upsert_memory', SpanKind.CLIENT, { 'gen_ai.operation.name': 'upsert_memory', 'gen_ai.memory.store.id': 'conversations', 'gen_ai.memory.record.count': 1 }],
];

/** Returns `requests` batches of whole turns, at most `spansPerRequest` spans each, as JSON and protobuf bodies. */
export function makePayloads(requests, spansPerRequest) {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('bench', '1.0.0');
  const turnsPerRequest = Math.max(1, Math.floor(spansPerRequest / (CHILDREN.length + 1)));
  const json = [];
  const protobuf = [];
  let turn = 0;
  for (let r = 0; r < requests; r++) {
    exporter.reset();
    for (let t = 0; t < turnsPerRequest; t++, turn++) {
      const ids = { 'gen_ai.conversation.id': `conv-${turn % 500}`, 'user.id': `user-${turn % 50}` };
      const root = tracer.startSpan('invoke_agent support-agent', {
        root: true,
        attributes: { ...ids, 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': `agent-${turn % 5}`, 'gen_ai.usage.input_tokens': 932, 'gen_ai.usage.output_tokens': 88, 'agentspan.cost.usd': 0.000183, 'agentspan.llm.calls': 2, 'agentspan.tool.calls': 1 },
      });
      const parent = trace.setSpan(context.active(), root);
      for (const [name, kind, attributes] of CHILDREN) {
        tracer.startSpan(name, { kind, attributes: { ...ids, ...attributes } }, parent).end();
      }
      root.end();
    }
    const spans = exporter.getFinishedSpans();
    json.push(Buffer.from(JsonTraceSerializer.serializeRequest(spans)));
    protobuf.push(Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)));
  }
  return { json, protobuf, spansPerRequest: turnsPerRequest * (CHILDREN.length + 1) };
}
