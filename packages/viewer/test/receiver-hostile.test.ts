// Hostile input to the receiver: every malformed payload is a 400 with nothing stored (never a
// 500), generated mutations of valid payloads included; a big payload is stored in slices; slow
// clients are cut off; the viewer keeps answering after all of it.
import { connect, type Socket } from 'node:net';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SPAN_VALUES } from '../src/ingest-span.js';
import { Slicer } from '../src/slicer.js';
import type { TurnList, Viewer } from '../src/index.js';
import { random } from './support/hostile.js';
import { otlpRequest, traceId } from './support/otlp-json.js';
import { makeS1Spans } from './support/s1-spans.js';
import { field, getJson, postTraces, startTestViewer } from './support/viewer.js';

const PROTO = { 'content-type': 'application/x-protobuf' };
let viewer: Viewer | undefined;
let s1Proto: Uint8Array;

beforeAll(async () => {
  s1Proto = ProtobufTraceSerializer.serializeRequest((await makeS1Spans()) as ReadableSpan[]) as Uint8Array;
});

afterEach(async () => {
  await viewer?.close();
  viewer = undefined;
});

const stored = async (v: Viewer): Promise<number> => (await getJson<TurnList>(v, '/api/turns')).total;

// ---- protobuf by hand ----
function varint(value: number | bigint): number[] {
  const out: number[] = [];
  let v = BigInt(value);
  while (v > 0x7fn) {
    out.push(Number((v & 0x7fn) | 0x80n));
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
const len = (field: number, bytes: Uint8Array | number[]): number[] => [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];

/** An ExportTraceServiceRequest with one span whose attribute `k` has the given AnyValue. */
function requestWithValue(anyValue: number[]): Uint8Array {
  const keyValue = [...len(1, [...Buffer.from('k')]), ...len(2, anyValue)];
  const span = [...len(1, [...Buffer.alloc(16, 1)]), ...len(2, [...Buffer.alloc(8, 2)]), ...len(5, [...Buffer.from('s')]), ...len(9, keyValue)];
  const scopeSpans = len(2, span);
  const resourceSpans = len(2, scopeSpans);
  return Uint8Array.from(len(1, resourceSpans));
}

/** AnyValue { array_value: { values: [ … AnyValue { string_value: "leaf" } ] } }, `depth` arrays deep (built outside in, in linear time). */
function nestedArrays(depth: number): number[] {
  const leaf = [0x0a, 4, ...Buffer.from('leaf')];
  const prefixes: number[][] = [];
  let size = leaf.length;
  for (let i = 0; i < depth; i++) {
    const array = [0x0a, ...varint(size)]; // ArrayValue.values (field 1)
    size += array.length;
    const any = [0x2a, ...varint(size)]; // AnyValue.array_value (field 5)
    size += any.length;
    prefixes.push(array, any);
  }
  const out: number[] = [];
  for (let i = prefixes.length - 1; i >= 0; i--) for (const byte of prefixes[i] as number[]) out.push(byte);
  for (const byte of leaf) out.push(byte);
  return out;
}

describe('malformed protobuf: 400, nothing stored', () => {
  it('a length varint of 2^35 is refused, not read as its low 32 bits (0)', async () => {
    viewer = await startTestViewer();
    const body = Uint8Array.from([0x0a, ...varint(2n ** 35n), 0x0a, 0x00]);
    const res = await postTraces(viewer, body, PROTO);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-protobuf');
    const tag = Uint8Array.from([...varint(2n ** 40n), 0x00]);
    expect((await postTraces(viewer, tag, PROTO)).status).toBe(400);
    expect(await stored(viewer)).toBe(0);
  });

  it('AnyValue nested 20,000 levels: 400, not a stack overflow', async () => {
    viewer = await startTestViewer();
    const res = await postTraces(viewer, requestWithValue(nestedArrays(20_000)), PROTO);
    expect(res.status).toBe(400);
    // google.rpc.Status: the message is readable in the bytes.
    expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).toMatch(/nested deeper than 32 levels/);
    expect((await postTraces(viewer, requestWithValue(nestedArrays(32)), PROTO)).status).toBe(200);
    expect(await stored(viewer)).toBe(1);
  });

  it('generated mutations of a valid request: only 200 or 400, and the viewer keeps working', async () => {
    viewer = await startTestViewer();
    const statuses = new Set<number>();
    for (let seed = 1; seed <= 250; seed++) {
      const rand = random(seed);
      const body = Uint8Array.from(s1Proto);
      const mutations = 1 + Math.floor(rand() * 4);
      let mutated = body;
      for (let m = 0; m < mutations; m++) {
        const at = Math.floor(rand() * mutated.length);
        const kind = rand();
        if (kind < 0.5) mutated[at] = Math.floor(rand() * 256);
        else if (kind < 0.7) mutated = mutated.subarray(0, at);
        else mutated = Uint8Array.from([...mutated.subarray(0, at), ...Array.from({ length: 1 + Math.floor(rand() * 12) }, () => Math.floor(rand() * 256)), ...mutated.subarray(at)]);
      }
      const res = await postTraces(viewer, mutated, PROTO);
      statuses.add(res.status);
      expect([200, 400], `seed ${seed}`).toContain(res.status);
    }
    expect(statuses.has(400)).toBe(true);
    expect((await postTraces(viewer, s1Proto, PROTO)).status).toBe(200);
  });
});

describe('malformed JSON: 400, nothing stored', () => {
  /** An AnyValue `depth` arrays deep, as JSON text (JSON.stringify would overflow the stack first). */
  const deepValue = (depth: number): string =>
    `${'{"arrayValue":{"values":['.repeat(depth)}{"stringValue":"leaf"}${']}}'.repeat(depth)}`;
  const withValue = (value: string): string =>
    `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${traceId()}","spanId":"0102030405060708","name":"s","attributes":[{"key":"k","value":${value}}]}]}]}]}`;

  it('nesting of 5,000 and 100,000 levels, in a value or anywhere: 400, not a 500', async () => {
    viewer = await startTestViewer();
    for (const depth of [5_000, 100_000]) {
      const inValue = await postTraces(viewer, withValue(deepValue(depth)));
      expect(inValue.status, `value ${depth}`).toBe(400);
      expect(await field(inValue, 'message')).toMatch(/nested deeper/);
      const bare = await postTraces(viewer, `${'['.repeat(depth)}${']'.repeat(depth)}`);
      expect(bare.status, `bare ${depth}`).toBe(400);
      const inObject = await postTraces(viewer, `{"resourceSpans":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`);
      expect(inObject.status, `object ${depth}`).toBe(400);
    }
    expect((await postTraces(viewer, withValue(deepValue(32)))).status).toBe(200);
    expect(await stored(viewer)).toBe(1);
  });

  it('a span with more values than the limit: 400', async () => {
    viewer = await startTestViewer();
    const attributes = Array.from({ length: MAX_SPAN_VALUES + 1 }, (_, i) => ({ key: `k${i}`, value: { intValue: '1' } }));
    const body = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: traceId(), spanId: '0102030405060708', name: 's', attributes }] }] }] });
    const res = await postTraces(viewer, body);
    expect(res.status).toBe(400);
    expect(await field(res, 'message')).toMatch(/too many values/);
    expect(await stored(viewer)).toBe(0);
  });

  it('generated truncations and mutations of a valid request: only 200 or 400', async () => {
    viewer = await startTestViewer();
    const valid = otlpRequest([{ traceId: traceId(), name: 'chat', startMs: Date.now(), attributes: { 'gen_ai.operation.name': 'chat', n: 3, list: ['a', 'b'] } }]);
    const alphabet = '{}[]":,\\ 0123456789-.eEtrufalsn\u0000\u202e💥';
    for (let seed = 1; seed <= 250; seed++) {
      const rand = random(seed);
      const chars = [...valid];
      for (let m = 1 + Math.floor(rand() * 3); m > 0; m--) {
        const at = Math.floor(rand() * chars.length);
        if (rand() < 0.3) chars.length = at;
        else chars[at] = alphabet[Math.floor(rand() * alphabet.length)] as string;
      }
      const res = await postTraces(viewer, chars.join(''));
      expect([200, 400], `seed ${seed}: ${chars.join('').slice(0, 200)}`).toContain(res.status);
    }
    expect((await postTraces(viewer, valid)).status).toBe(200);
  });
});

describe('big requests', () => {
  it('50,000 spans in one request are all stored, in slices that give the event loop back', async () => {
    viewer = await startTestViewer({ maxBodyBytes: 64 * 1024 * 1024, maxTurns: 100_000 });
    const now = Date.now();
    const traces = Array.from({ length: 500 }, () => traceId());
    const specs = Array.from({ length: 50_000 }, (_, i) => ({ traceId: traces[i % 500] as string, name: `chat ${i % 7}`, startMs: now + i, attributes: { 'gen_ai.operation.name': 'chat' } }));
    const before = Slicer.pauses;
    const res = await postTraces(viewer, otlpRequest(specs));
    expect(res.status).toBe(200);
    expect(Slicer.pauses - before).toBeGreaterThan(20);
    const list = await getJson<TurnList>(viewer, '/api/turns?limit=1000');
    expect(list.total).toBe(500);
    expect(list.turns.reduce((sum, t) => sum + t.spanCount, 0)).toBe(50_000);
  }, 120_000);
});

// ---- slow clients ----
function openSockets(v: Viewer, count: number, send: string): Promise<Socket[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connect(v.port, '127.0.0.1', () => {
            socket.write(send);
            resolve(socket);
          });
          socket.on('error', reject);
        }),
    ),
  );
}

/** Resolves with what each socket received once all of them are closed by the server. */
function closedAll(sockets: Socket[]): Promise<string[]> {
  return Promise.all(
    sockets.map(
      (socket) =>
        new Promise<string>((resolve) => {
          let received = '';
          socket.on('data', (chunk) => {
            received += chunk.toString();
          });
          socket.on('error', () => undefined);
          socket.on('close', () => resolve(received));
        }),
    ),
  );
}

describe('slow clients are cut off', () => {
  it('500 connections that stall in their body get 408 and are closed', async () => {
    viewer = await startTestViewer({ requestTimeoutMs: 500 });
    const head = `POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"resourceSpans":[`;
    const sockets = await openSockets(viewer, 500, head);
    const received = await closedAll(sockets);
    expect(received.every((r) => r.startsWith('HTTP/1.1 408'))).toBe(true);
    expect(await stored(viewer)).toBe(0);
  });

  it('connections that stall in their headers are closed', async () => {
    viewer = await startTestViewer({ requestTimeoutMs: 500 });
    const sockets = await openSockets(viewer, 100, 'POST /v1/traces HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const received = await closedAll(sockets);
    expect(received.every((r) => r === '' || r.startsWith('HTTP/1.1 408'))).toBe(true);
    expect((await postTraces(viewer, otlpRequest([{ traceId: traceId(), name: 'ok', startMs: Date.now() }]))).status).toBe(200);
  });
});
