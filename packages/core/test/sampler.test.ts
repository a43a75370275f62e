import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { Agentspan, AgentspanConfigError, AgentspanSampler } from '../src/index.js';
import { setupOtel } from './helpers.js';

function provider(ratio: number) {
  setupOtel(); // context manager
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ sampler: new AgentspanSampler({ ratio }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return { exporter, tracerProvider };
}

describe('AgentspanSampler', () => {
  it('always keeps GenAI-rooted traces, whole', async () => {
    const { exporter, tracerProvider } = provider(0);
    const as = new Agentspan({ tracerProvider });
    await as.agent({ name: 'a' }, async () => {
      as.startChat({ provider: 'openai', requestModel: 'm' }).end();
      await as.tool({ name: 't' }, async () => 1);
    });
    expect(exporter.getFinishedSpans()).toHaveLength(3);
  });
  it('drops other roots at ratio 0, and their GenAI children with them (never orphaned)', async () => {
    const { exporter, tracerProvider } = provider(0);
    const as = new Agentspan({ tracerProvider });
    const root = tracerProvider.getTracer('http').startSpan('GET /health');
    await context.with(trace.setSpan(context.active(), root), () => as.agent({ name: 'a' }, async () => 1));
    root.end();
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });
  it('keeps other roots at ratio 1 and about half at 0.5, deterministically by trace id', () => {
    const s = new AgentspanSampler({ ratio: 0.5 });
    const ids = Array.from({ length: 2000 }, (_, i) => (i * 2654435761 % 2 ** 32).toString(16).padStart(32, '0'));
    const kept = ids.filter((id) => s.shouldSample(context.active(), id, 'x', 0, {}, []).decision === 2).length;
    expect(kept).toBeGreaterThan(850);
    expect(kept).toBeLessThan(1150);
    const again = ids.filter((id) => s.shouldSample(context.active(), id, 'x', 0, {}, []).decision === 2).length;
    expect(again).toBe(kept);
    const all = new AgentspanSampler({ ratio: 1 });
    expect(ids.every((id) => all.shouldSample(context.active(), id, 'x', 0, {}, []).decision === 2)).toBe(true);
  });
  it('rejects a ratio outside 0..1', () => {
    expect(() => new AgentspanSampler({ ratio: 1.5 })).toThrow(AgentspanConfigError);
    expect(() => new AgentspanSampler({ ratio: Number.NaN })).toThrow(/ratio must be a number from 0 to 1/);
  });
});
