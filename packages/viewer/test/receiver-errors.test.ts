// Bad input: malformed payloads get 400 and store nothing, oversized ones 413, unknown types 415.
import { gzipSync } from 'node:zlib';
import { ATTR_GEN_AI_OPERATION_NAME } from '@agentspan/semconv';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TurnList, Viewer } from '../src/index.js';
import { otlpRequest, traceId } from './support/otlp-json.js';
import { makeS1Spans } from './support/s1-spans.js';
import { field, getJson, postTraces, startTestViewer } from './support/viewer.js';

const PROTO = { 'content-type': 'application/x-protobuf' };
const JSON_TYPE = { 'content-type': 'application/json' };

let viewer: Viewer | undefined;
let s1: ReadableSpan[];

beforeAll(async () => {
  s1 = await makeS1Spans();
});

afterEach(async () => {
  await viewer?.close();
  viewer = undefined;
});

async function storedTurns(v: Viewer): Promise<number> {
  return (await getJson<TurnList>(v, '/api/turns')).total;
}

function validRequest(): string {
  return otlpRequest([{ traceId: traceId(), name: 'ok', startMs: Date.now(), attributes: { [ATTR_GEN_AI_OPERATION_NAME]: 'chat' } }]);
}

describe('OTLP/HTTP responses', () => {
  it('answers 200 with an ExportTraceServiceResponse in the request encoding', async () => {
    viewer = await startTestViewer();
    const json = await postTraces(viewer, validRequest());
    expect(json.status).toBe(200);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.json()).toEqual({});
    const proto = await postTraces(viewer, ProtobufTraceSerializer.serializeRequest(s1) as Uint8Array, PROTO);
    expect(proto.status).toBe(200);
    expect(proto.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await proto.arrayBuffer()).byteLength).toBe(0);
  });

  it('accepts a gzip body', async () => {
    viewer = await startTestViewer();
    const res = await postTraces(viewer, gzipSync(validRequest()), { ...JSON_TYPE, 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(await storedTurns(viewer)).toBe(1);
  });

  it('answers 415 for an unknown content type or encoding', async () => {
    viewer = await startTestViewer();
    const text = await postTraces(viewer, validRequest(), { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    expect(await field(text, 'message')).toMatch(/Content-Type/);
    const br = await postTraces(viewer, validRequest(), { ...JSON_TYPE, 'content-encoding': 'br' });
    expect(br.status).toBe(415);
    expect(await storedTurns(viewer)).toBe(0);
  });

  it('answers 405 to GET /v1/traces', async () => {
    viewer = await startTestViewer();
    expect((await fetch(`${viewer.url}/v1/traces`)).status).toBe(405);
  });
});

describe('malformed payloads', () => {
  it('JSON that does not parse: 400 with a message, nothing stored', async () => {
    viewer = await startTestViewer();
    const res = await postTraces(viewer, '{"resourceSpans": [');
    expect(res.status).toBe(400);
    expect(await field(res, 'message')).toMatch(/invalid JSON/);
    expect(await storedTurns(viewer)).toBe(0);
  });

  it('one bad span in a valid batch: 400 and nothing of the batch stored', async () => {
    viewer = await startTestViewer();
    const good = JSON.parse(validRequest());
    const bad = JSON.parse(otlpRequest([{ traceId: 'xyz', name: 'bad', startMs: Date.now() }]));
    good.resourceSpans.push(...bad.resourceSpans);
    const res = await postTraces(viewer, JSON.stringify(good));
    expect(res.status).toBe(400);
    expect(await field(res, 'message')).toMatch(/traceId/);
    expect(await storedTurns(viewer)).toBe(0);
  });

  it('JSON of the wrong shape: 400', async () => {
    viewer = await startTestViewer();
    for (const body of ['[]', '{"resourceSpans": 3}', '{"resourceSpans": [{"scopeSpans": [{"spans": [{"traceId": 1}]}]}]}']) {
      const res = await postTraces(viewer, body);
      expect(res.status, body).toBe(400);
    }
    const badTime = JSON.parse(validRequest());
    badTime.resourceSpans[0].scopeSpans[0].spans[0].startTimeUnixNano = 'soon';
    expect((await postTraces(viewer, JSON.stringify(badTime))).status).toBe(400);
    expect(await storedTurns(viewer)).toBe(0);
  });

  it('protobuf that does not decode: 400 with a google.rpc.Status body, nothing stored', async () => {
    viewer = await startTestViewer();
    const real = ProtobufTraceSerializer.serializeRequest(s1) as Uint8Array;
    const truncated = real.subarray(0, real.length - 7);
    const res = await postTraces(viewer, truncated, PROTO);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const body = Buffer.from(await res.arrayBuffer());
    expect(body[0]).toBe(0x08); // Status.code
    expect(body.toString('utf8')).toMatch(/truncated protobuf/);
    const garbage = await postTraces(viewer, Buffer.from('this is not protobuf at all'), PROTO);
    expect(garbage.status).toBe(400);
    expect(await storedTurns(viewer)).toBe(0);
  });

  it('a corrupt gzip body: 400', async () => {
    viewer = await startTestViewer();
    const res = await postTraces(viewer, Buffer.from('not gzip'), { ...JSON_TYPE, 'content-encoding': 'gzip' });
    expect(res.status).toBe(400);
  });

  it('decodes protobuf and JSON of the same spans identically', async () => {
    viewer = await startTestViewer();
    const json = new TextDecoder().decode(JsonTraceSerializer.serializeRequest(s1));
    expect((await postTraces(viewer, json)).status).toBe(200);
    const first = await getJson<TurnList>(viewer, '/api/turns');
    const id = first.turns[0]?.traceId;
    const firstDetail = await getJson(viewer, `/api/turns/${id}`);
    await viewer.close();
    viewer = await startTestViewer();
    const proto = ProtobufTraceSerializer.serializeRequest(s1) as Uint8Array;
    expect((await postTraces(viewer, proto, PROTO)).status).toBe(200);
    const second = await getJson<TurnList>(viewer, '/api/turns');
    expect(second).toEqual(first);
    expect(await getJson(viewer, `/api/turns/${id}`)).toEqual(firstDetail);
  });
});

describe('oversized payloads', () => {
  it('a body over the limit: 413, nothing stored', async () => {
    viewer = await startTestViewer({ maxBodyBytes: 4096 });
    const big = otlpRequest(
      Array.from({ length: 60 }, (_, i) => ({ traceId: traceId(), name: `span ${i}`, startMs: Date.now() })),
    );
    expect(big.length).toBeGreaterThan(4096);
    const res = await postTraces(viewer, big);
    expect(res.status).toBe(413);
    expect(await field(res, 'message')).toMatch(/4096 bytes/);
    expect(await storedTurns(viewer)).toBe(0);
  });

  it('a gzip bomb (small compressed, huge decompressed): 413', async () => {
    viewer = await startTestViewer({ maxBodyBytes: 64 * 1024 });
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await postTraces(viewer, bomb, { ...JSON_TYPE, 'content-encoding': 'gzip' });
    expect(res.status).toBe(413);
    expect(await storedTurns(viewer)).toBe(0);
  });

  it('the default limit is 8 MiB', async () => {
    viewer = await startTestViewer();
    const res = await postTraces(viewer, Buffer.alloc(8 * 1024 * 1024 + 1, 0x20));
    expect(res.status).toBe(413);
  });
});
