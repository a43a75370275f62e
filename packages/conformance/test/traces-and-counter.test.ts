import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { OpenSpanCounter } from '../src/open-span-counter.js';
import { groupByTrace } from '../src/traces.js';

function setup() {
  const exporter = new InMemorySpanExporter();
  const counter = new OpenSpanCounter();
  const provider = new BasicTracerProvider({ spanProcessors: [counter, new SimpleSpanProcessor(exporter)] });
  return { exporter, counter, tracer: provider.getTracer('t') };
}

describe('groupByTrace', () => {
  it('groups spans by trace id, traces in the order their first span started', () => {
    const { exporter, tracer } = setup();
    // Absolute HrTimes: a number below performance.now() is read as relative to the process
    // start, above it as epoch milliseconds, so a small number depends on the process's age.
    const at = (second: number): [number, number] => [1_700_000_000 + second, 0];
    const late = tracer.startSpan('late root', { startTime: at(2) });
    const early = tracer.startSpan('early root', { startTime: at(1) });
    const child = tracer.startSpan('child', { startTime: at(3) }, trace.setSpan(context.active(), late));
    for (const span of [child, late, early]) span.end(at(4));
    const traces = groupByTrace(exporter.getFinishedSpans());
    expect(traces.map((spans) => spans.map((span) => span.name).sort())).toEqual([
      ['early root'],
      ['child', 'late root'],
    ]);
  });
});

describe('OpenSpanCounter', () => {
  it('names the spans started and not ended, and waits for them to end', async () => {
    const { counter, tracer } = setup();
    const done = tracer.startSpan('done');
    const open = tracer.startSpan('still open');
    done.end();
    expect(counter.openSpans()).toEqual(['still open']);
    expect(await counter.waitUntilAllEnded(20)).toEqual(['still open']);
    setTimeout(() => open.end(), 5);
    expect(await counter.waitUntilAllEnded(1000)).toEqual([]);
    expect([counter.started, counter.ended]).toEqual([2, 2]);
  });
});
