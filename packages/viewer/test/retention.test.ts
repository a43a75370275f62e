// Retention by count and by age, on ingest and at start-up; the file stops growing.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_REQUEST_MODEL } from '@agentspan/semconv';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Totals, TurnList, Viewer } from '../src/index.js';
import { decodeJsonRequest } from '../src/decode-json.js';
import { Slicer } from '../src/slicer.js';
import { TraceStore } from '../src/store.js';
import { otlpRequest, type SpanSpec, traceId } from './support/otlp-json.js';
import { getJson, postTraces, startTestViewer } from './support/viewer.js';

let viewer: Viewer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'agentspan-viewer-retention-'));

afterEach(async () => {
  await viewer?.close();
  viewer = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;

function chatTurn(startMs: number, padding = ''): SpanSpec {
  return {
    traceId: traceId(),
    name: 'chat m',
    kind: 3,
    startMs,
    attributes: { [ATTR_GEN_AI_OPERATION_NAME]: 'chat', [ATTR_GEN_AI_REQUEST_MODEL]: 'm', padding },
  };
}

async function state(v: Viewer): Promise<{ turns: TurnList; calls: number }> {
  const turns = await getJson<TurnList>(v, '/api/turns?limit=10000');
  const totals = await getJson<Totals>(v, '/api/totals');
  return { turns, calls: totals.byModel[0]?.calls ?? 0 };
}

describe('retention', () => {
  it('keeps the newest maxTurns turns (spans of dropped turns go too)', async () => {
    viewer = await startTestViewer({ maxTurns: 3 });
    const now = Date.now();
    const specs = Array.from({ length: 5 }, (_, i) => chatTurn(now - (5 - i) * 1000));
    for (const spec of specs) expect((await postTraces(viewer, otlpRequest([spec]))).status).toBe(200);
    let { turns, calls } = await state(viewer);
    expect(turns.total).toBe(3);
    expect(turns.turns.map((t) => t.traceId)).toEqual(specs.slice(2).reverse().map((s) => s.traceId));
    expect(calls).toBe(3);

    // One batch far over the limit is cut back too.
    const batch = Array.from({ length: 10 }, (_, i) => chatTurn(now + i));
    await postTraces(viewer, otlpRequest(batch));
    ({ turns, calls } = await state(viewer));
    expect(turns.turns.map((t) => t.traceId)).toEqual(batch.slice(7).reverse().map((s) => s.traceId));
    expect(calls).toBe(3);
  });

  it('no client clock evicts real turns: the count goes by the time turns were received', async () => {
    viewer = await startTestViewer({ maxTurns: 3 });
    // A client whose clock says 2500, and one that says 1970.
    const future = chatTurn(Date.UTC(2500, 0, 1));
    const past = chatTurn(Date.UTC(1970, 0, 2));
    for (const spec of [future, past]) expect((await postTraces(viewer, otlpRequest([spec]))).status).toBe(200);
    const real = Array.from({ length: 4 }, (_, i) => chatTurn(Date.now() + i));
    for (const spec of real) expect((await postTraces(viewer, otlpRequest([spec]))).status).toBe(200);
    const { turns } = await state(viewer);
    // The two odd turns were received first, so they went first; the real ones stay.
    expect(turns.turns.map((t) => t.traceId).sort()).toEqual(real.slice(1).map((s) => s.traceId).sort());
  });

  it('drops turns received longer than maxAgeMs ago, whatever their span times', async () => {
    let now = Date.now();
    const store = await TraceStore.open(':memory:', { maxTurns: 100, maxAgeMs: HOUR }, () => now);
    try {
      const decode = (spec: SpanSpec) => decodeJsonRequest(Buffer.from(otlpRequest([spec])), new Slicer());
      const ancient = chatTurn(Date.UTC(1970, 0, 2));
      await store.ingest(await decode(ancient));
      now += 2 * HOUR;
      const fresh = chatTurn(Date.UTC(1970, 0, 3)); // an old clock, but received now: kept
      await store.ingest(await decode(fresh));
      expect((await store.listTurns({ limit: 10, offset: 0 })).turns.map((t) => t.traceId)).toEqual([fresh.traceId]);
      now += HOUR / 2;
      expect(await store.enforceRetention()).toBe(0);
      now += HOUR;
      expect(await store.enforceRetention()).toBe(1);
      expect((await store.listTurns({ limit: 10, offset: 0 })).total).toBe(0);
      expect((await store.totals()).byModel).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('applies the limits at start-up to an existing file', async () => {
    const dbPath = join(dir, 'startup.db');
    viewer = await startTestViewer({ dbPath });
    const old = chatTurn(Date.now() - 3 * HOUR);
    const recent = [chatTurn(Date.now() - 3000), chatTurn(Date.now() - 2000), chatTurn(Date.now() - 1000)];
    await postTraces(viewer, otlpRequest([old, ...recent]));
    expect((await state(viewer)).turns.total).toBe(4);
    await viewer.close();

    viewer = await startTestViewer({ dbPath, maxTurns: 2 });
    const { turns, calls } = await state(viewer);
    expect(turns.turns.map((t) => t.traceId)).toEqual([recent[2]?.traceId, recent[1]?.traceId]);
    expect(calls).toBe(2);
  });

  it('the database file stops growing once the limit is reached', async () => {
    const dbPath = join(dir, 'bounded.db');
    // Measured closed: the WAL is folded into the file and removed.
    const closedSize = async (): Promise<number> => {
      await viewer?.close();
      viewer = undefined;
      expect(statSync(`${dbPath}-wal`, { throwIfNoEntry: false })).toBeUndefined();
      return statSync(dbPath).size;
    };
    const padding = 'x'.repeat(2000);
    const ingest = async (rounds: number): Promise<void> => {
      viewer = await startTestViewer({ dbPath, maxTurns: 50 });
      for (let r = 0; r < rounds; r++) {
        const batch = Array.from({ length: 20 }, () => chatTurn(Date.now(), padding));
        expect((await postTraces(viewer, otlpRequest(batch))).status).toBe(200);
      }
      expect((await state(viewer)).turns.total).toBe(50);
    };
    await ingest(25); // 500 turns through a 50-turn store
    const afterFirst = await closedSize();
    await ingest(100); // 2,000 more
    expect(await closedSize()).toBeLessThan(afterFirst * 1.5);
  });
});
