import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, metrics, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { otlpSpanProcessors, startTelemetry } from '../src/telemetry.js';

function turn(): void {
  const tracer = trace.getTracer('example');
  tracer.startActiveSpan('invoke_agent support', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } }, (root) => {
    // The context manager must carry the active span across an await-free callback.
    const child = tracer.startSpan('chat m', { attributes: { 'gen_ai.operation.name': 'chat' } });
    child.end();
    root.end();
  });
  metrics.getMeter('example').createCounter('gen_ai.client.token.usage').add(3);
}

afterEach(() => {
  trace.disable();
  context.disable();
  metrics.disable();
});

describe('startTelemetry', () => {
  it('without a collector keeps the spans and prints them as a tree on shutdown', async () => {
    let printed = '';
    const telemetry = startTelemetry({ serviceName: 'kit-test', env: {}, print: (t) => (printed += t) });
    expect(telemetry.mode).toBe('print');
    turn();
    expect(telemetry.finishedSpans().map((s) => s.name)).toEqual(['chat m', 'invoke_agent support']);
    expect(telemetry.finishedSpans()[0]!.resource.attributes['service.name']).toBe('kit-test');
    await telemetry.shutdown();
    expect(printed).toBe('invoke_agent support\n└─ chat m\n');
    expect(trace.getTracerProvider()).not.toBe(telemetry.tracerProvider);
  });

  it('with OTEL_EXPORTER_OTLP_ENDPOINT exports traces and metrics over OTLP/HTTP', async () => {
    const received: { path: string; bytes: number }[] = [];
    const collector = createServer((req: IncomingMessage, res) => {
      let bytes = 0;
      req.on('data', (chunk: Buffer) => (bytes += chunk.length));
      req.on('end', () => {
        received.push({ path: req.url ?? '', bytes });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
    const previous = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = endpoint;
    try {
      let printed = '';
      const telemetry = startTelemetry({ serviceName: 'kit-test', print: (t) => (printed += t) });
      expect(telemetry.mode).toBe('otlp');
      turn();
      await telemetry.shutdown();
      expect(printed).toBe('');
      expect(received.map((r) => r.path).sort()).toEqual(['/v1/metrics', '/v1/traces']);
      expect(received.every((r) => r.bytes > 0)).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = previous;
      collector.close();
    }
  });

  it('otlpSpanProcessors: one exporting processor with an endpoint, none without', () => {
    expect(otlpSpanProcessors({})).toEqual([]);
    expect(otlpSpanProcessors({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toHaveLength(1);
  });
});
