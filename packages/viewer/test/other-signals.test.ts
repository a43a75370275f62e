// POST /v1/metrics and /v1/logs are acknowledged (never a 404 an SDK would hide), checked as
// OTLP, dropped, and the first of each says so once on stderr; tokens never come from the URL.
import { ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { AggregationTemporality, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '../src/index.js';
import { droppedNotice } from '../src/other-signals.js';
import { otlpRequest, traceId } from './support/otlp-json.js';
import { startTestViewer } from './support/viewer.js';

let viewer: Viewer | undefined;
afterEach(async () => {
  await viewer?.close();
  viewer = undefined;
  vi.restoreAllMocks();
});

class Collect extends MetricReader {
  protected override async onShutdown(): Promise<void> {}
  protected override async onForceFlush(): Promise<void> {}
}

/** A real ExportMetricsServiceRequest made by the SDK, as protobuf. */
async function metricsRequest(): Promise<Uint8Array> {
  const reader = new Collect({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  const provider = new MeterProvider({ readers: [reader] });
  provider.getMeter('test').createCounter('agentspan.cost').add(0.000183, { 'gen_ai.request.model': 'gpt-4o-mini' });
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  return ProtobufMetricsSerializer.serializeRequest(resourceMetrics) as Uint8Array;
}

const post = (v: Viewer, path: string, body: BodyInit, type: string, headers: Record<string, string> = {}) =>
  fetch(`${v.url}${path}`, { method: 'POST', headers: { 'content-type': type, ...headers }, body });

describe('OTLP metrics and logs', () => {
  it('are acknowledged with 200 in either encoding, with one clear line on stderr per signal', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    viewer = await startTestViewer();
    const proto = await post(viewer, '/v1/metrics', Uint8Array.from(await metricsRequest()), 'application/x-protobuf');
    expect(proto.status).toBe(200);
    expect(proto.headers.get('content-type')).toBe('application/x-protobuf');
    const json = await post(viewer, '/v1/metrics', JSON.stringify({ resourceMetrics: [] }), 'application/json');
    expect(json.status).toBe(200);
    expect(await json.json()).toEqual({});
    expect((await post(viewer, '/v1/logs', JSON.stringify({ resourceLogs: [] }), 'application/json')).status).toBe(200);
    const notices = lines.filter((l) => l.startsWith('agentspan viewer: OTLP'));
    expect(notices).toEqual([`${droppedNotice('metrics')}\n`, `${droppedNotice('logs')}\n`]);
    expect(notices[0]).toMatch(/accepted and dropped.*traces and evaluations only.*OTEL_METRICS_EXPORTER=none/);
    expect(notices[1]).toMatch(/logs other than gen_ai.evaluation.result/);
  });

  it('malformed bodies are 400, other content types 415, GET 405, and other /v1 paths 404', async () => {
    viewer = await startTestViewer();
    expect((await post(viewer, '/v1/metrics', '{"resourceMetrics": [', 'application/json')).status).toBe(400);
    expect((await post(viewer, '/v1/metrics', '[]', 'application/json')).status).toBe(400);
    expect((await post(viewer, '/v1/metrics', Uint8Array.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x7f]), 'application/x-protobuf')).status).toBe(400);
    expect((await post(viewer, '/v1/logs', 'x', 'text/plain')).status).toBe(415);
    expect((await fetch(`${viewer.url}/v1/metrics`)).status).toBe(405);
    expect((await post(viewer, '/v1/profiles', '{}', 'application/json')).status).toBe(404);
  });
});

describe('tokens come from the header or the cookie, never from the URL', () => {
  const TOKEN = 'correct-horse-battery';

  it('the API and OTLP refuse ?token= even when it is right; pages drop it from the address', async () => {
    viewer = await startTestViewer({ token: TOKEN });
    const api = await fetch(`${viewer.url}/api/turns?token=${TOKEN}`);
    expect(api.status).toBe(401);
    expect(((await api.json()) as { error: string }).error).toMatch(/a token in the URL is not accepted/);
    const body = otlpRequest([{ traceId: traceId(), name: 'x', startMs: Date.now() }]);
    expect((await post(viewer, `/v1/traces?token=${TOKEN}`, body, 'application/json')).status).toBe(401);
    expect((await post(viewer, `/v1/metrics?token=${TOKEN}`, '{}', 'application/json')).status).toBe(401);
    // The header works, with or without a stray query token.
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await post(viewer, `/v1/traces?token=nope`, body, 'application/json', auth)).status).toBe(200);
    expect((await post(viewer, '/v1/metrics', '{}', 'application/json', auth)).status).toBe(200);
    // A page: redirected without the token, right or wrong; the cookie only for the right one.
    for (const [token, cookie] of [[TOKEN, true], ['wrong-token-value', false]] as const) {
      const page = await fetch(`${viewer.url}/trends?range=1h&token=${token}`, { redirect: 'manual' });
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toBe('/trends?range=1h');
      expect(page.headers.get('set-cookie') !== null).toBe(cookie);
    }
  });

  it('without a token configured, a ?token= in a page address is dropped too', async () => {
    viewer = await startTestViewer();
    const page = await fetch(`${viewer.url}/?token=abc`, { redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/');
  });
});
