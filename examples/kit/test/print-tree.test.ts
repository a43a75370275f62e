import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { renderTree, sideBySide } from '../src/print-tree.js';

function twoLevelTrace() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('t');
  const root = tracer.startSpan('invoke_agent support', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
  const ctx = trace.setSpan(ROOT_CONTEXT, root);
  const hidden = tracer.startSpan('framework internals', {}, ctx);
  const chat = tracer.startSpan(
    'chat gpt-4o-mini',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.usage.input_tokens': 12,
        'gen_ai.usage.output_tokens': 8,
        'agentspan.cost.usd': 0.0000066,
        'gen_ai.response.time_to_first_chunk': 0.0123,
      },
    },
    trace.setSpan(ctx, hidden),
  );
  chat.end();
  hidden.end();
  root.end();
  return exporter.getFinishedSpans();
}

describe('renderTree', () => {
  it('keeps GenAI spans, hoists the children of other spans and shows tokens, cost and TTFT', () => {
    expect(renderTree(twoLevelTrace())).toEqual([
      'invoke_agent support',
      '└─ chat gpt-4o-mini  12 → 8 tokens $0.0000066 ttft 12.3ms',
    ]);
  });

  it('compact: shorter figures for narrow columns', () => {
    expect(renderTree(twoLevelTrace(), { compact: true })[1]).toBe('└─ chat gpt-4o-mini  12→8 $0.0000066 ttft 12ms');
  });
});

describe('sideBySide', () => {
  const column = (title: string, width: number) => ({ title, lines: ['x'.repeat(width)] });

  it('puts every column in one band when they fit', () => {
    const out = sideBySide([column('A', 10), column('B', 10)], 40).split('\n');
    expect(out[0]).toBe(`A${' '.repeat(9)}   B`);
    expect(out).toHaveLength(3);
  });

  it('wraps to a second band instead of exceeding the width', () => {
    const out = sideBySide([column('A', 50), column('B', 50), column('C', 50)], 120);
    expect(out.split('\n').every((l) => l.length <= 120)).toBe(true);
    expect(out.split('\n\n')).toHaveLength(2);
  });

  it('clips a single column wider than the width', () => {
    const out = sideBySide([column('A', 30)], 20).split('\n');
    expect(out[2]).toBe(`${'x'.repeat(19)}…`);
  });
});
