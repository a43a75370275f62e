// Evaluations and user feedback sent by the core through the Logs SDK's OTLP exporters are
// stored against their turn and span: the turn's page lists them, the list filters by score and
// by prompt version, and the trends compare prompt versions on cost, latency and score.
import { afterEach, describe, expect, it } from 'vitest';
import type { Facets, TurnDetail, TurnList, Trends, Viewer } from '../src/index.js';
import { type Producer, producer } from './support/rated-turns.js';
import { getJson, startTestViewer } from './support/viewer.js';

let viewer: Viewer | undefined;
let app: Producer | undefined;
afterEach(async () => {
  await app?.shutdown();
  await viewer?.close();
  app = undefined;
  viewer = undefined;
});

const V1 = { name: 'support-answer', version: 'v1' };
const V2 = { name: 'support-answer', version: 'v2' };

describe.each(['json', 'protobuf'] as const)('evaluations over OTLP/%s logs', (encoding) => {
  it('show on the turn they rate, and on the span they are parented to', async () => {
    viewer = await startTestViewer();
    app = producer(viewer, encoding);
    const turn = await app.turn('support-agent', V1, 100);
    await app.agentspan.recordEvaluation(turn, { name: 'tool_use', score: 1, label: 'pass', explanation: '2 model calls' });
    await app.agentspan.recordFeedback(turn, { rating: 'down', comment: 'Wrong answer. Reach me at jane@example.com', userId: 'user-7' });
    await app.flush();

    const detail = await getJson<TurnDetail>(viewer, `/api/turns/${turn.traceId}`);
    expect(detail.prompts).toEqual([V1]);
    expect(detail.evaluations.map(({ timeMs: _, ...e }) => e)).toEqual([
      {
        spanId: turn.spanId,
        name: 'tool_use',
        score: 1,
        label: 'pass',
        explanation: '2 model calls',
        source: 'application',
        userId: null,
        promptName: 'support-answer',
        promptVersion: 'v1',
      },
      {
        spanId: turn.spanId,
        name: 'user_feedback',
        score: 0,
        label: 'thumbs_down',
        explanation: expect.not.stringContaining('jane@example.com'),
        source: 'feedback',
        userId: 'user-7',
        promptName: 'support-answer',
        promptVersion: 'v1',
      },
    ]);
    expect(detail.evaluations[1]?.explanation).toMatch(/^Wrong answer\. Reach me at /);
    // The span it is parented to is the turn's own (its agent span).
    expect(detail.spans.find((s) => s.spanId === turn.spanId)?.name).toBe('invoke_agent support-agent');
  });
});

describe('the list, the facets and the trends', () => {
  it('filter by score and prompt version, and compare the versions', async () => {
    viewer = await startTestViewer();
    app = producer(viewer);
    const first = await app.turn('support-agent', V1, 1000);
    const second = await app.turn('support-agent', V2, 100);
    const third = await app.turn('support-agent', V2, 100);
    await app.agentspan.recordFeedback(first, { rating: 'down' });
    await app.agentspan.recordFeedback(second, { rating: 'up' });
    await app.agentspan.recordFeedback(third, { score: 0.5 });
    await app.agentspan.recordEvaluation(third, { name: 'relevance', score: 3 });
    await app.flush();

    const ids = async (query: string) => (await getJson<TurnList>(viewer as Viewer, `/api/turns?${query}`)).turns.map((t) => t.traceId).sort();
    expect(await ids('prompt=support-answer@v1')).toEqual([first.traceId]);
    expect(await ids('prompt=support-answer@v2')).toEqual([second.traceId, third.traceId].sort());
    expect(await ids('prompt=support-answer@v3')).toEqual([]);
    expect(await ids('evaluation=user_feedback&maxScore=0')).toEqual([first.traceId]);
    expect(await ids('evaluation=user_feedback&minScore=0.5')).toEqual([second.traceId, third.traceId].sort());
    expect(await ids('minScore=2')).toEqual([third.traceId]); // any evaluation: relevance 3
    expect(await ids('evaluation=relevance&maxScore=1')).toEqual([]);
    expect(await ids('prompt=support-answer@v2&evaluation=user_feedback&maxScore=0.5')).toEqual([third.traceId]);
    expect((await fetch(`${viewer.url}/api/turns?minScore=abc`)).status).toBe(400);

    const facets = await getJson<Facets>(viewer, '/api/facets');
    expect([...facets.prompts].sort()).toEqual(['support-answer@v1', 'support-answer@v2']);
    expect([...facets.evaluations].sort()).toEqual(['relevance', 'user_feedback']);

    const trends = await getJson<Trends>(viewer, '/api/trends?buckets=10');
    const byVersion = Object.fromEntries(trends.byPrompt.map((p) => [p.version, p]));
    expect(byVersion.v1).toMatchObject({ name: 'support-answer', turns: 1, scores: { user_feedback: { count: 1, mean: 0 } } });
    expect(byVersion.v2).toMatchObject({
      turns: 2,
      scores: { user_feedback: { count: 2, mean: 0.75 }, relevance: { count: 1, mean: 3 } },
    });
    // Cost per turn: v1's chats read ten times the tokens.
    expect((byVersion.v1?.costUsd ?? 0) / 1).toBeGreaterThan(((byVersion.v2?.costUsd ?? 0) / 2) * 5);
    expect(byVersion.v1?.durationP50Ms).not.toBeNull();
    expect(trends.promptSeries.map((s) => `${s.name}@${s.version}`)).toEqual(['support-answer@v1', 'support-answer@v2']);
    const v2Series = trends.promptSeries[1]?.buckets ?? [];
    expect(v2Series).toHaveLength(trends.buckets.length);
    expect(v2Series.reduce((n, b) => n + b.turns, 0)).toBe(2);
  });
});

describe('retention', () => {
  it('deletes the evaluations and prompt versions of the turns it deletes', async () => {
    viewer = await startTestViewer({ maxTurns: 1 });
    app = producer(viewer);
    const old = await app.turn('support-agent', V1, 100);
    await app.agentspan.recordFeedback(old, { rating: 'down' });
    await app.flush();
    expect((await getJson<TurnDetail>(viewer, `/api/turns/${old.traceId}`)).evaluations).toHaveLength(1);
    const kept = await app.turn('support-agent', V2, 100);
    await app.flush();
    expect((await fetch(`${viewer.url}/api/turns/${old.traceId}`)).status).toBe(404);
    expect(await getJson<TurnList>(viewer, '/api/turns?prompt=support-answer@v1')).toMatchObject({ total: 0 });
    expect(await getJson<TurnList>(viewer, '/api/turns?evaluation=user_feedback')).toMatchObject({ total: 0 });
    const facets = await getJson<Facets>(viewer, '/api/facets');
    expect(facets.prompts).toEqual(['support-answer@v2']);
    expect(facets.evaluations).toEqual([]); // the deleted turn's feedback went with it
    expect((await getJson<TurnDetail>(viewer, `/api/turns/${kept.traceId}`)).prompts).toEqual([V2]);
  });
});

describe('POST /v1/logs', () => {
  const post = (v: Viewer, body: string) => fetch(`${v.url}/v1/logs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const record = (extra: Record<string, unknown>) =>
    JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '1', eventName: 'gen_ai.evaluation.result', ...extra }] }] }] });

  it('answers 400 to a malformed evaluation record, and keeps no record tied to no span', async () => {
    viewer = await startTestViewer();
    expect((await post(viewer, record({ traceId: 'xyz', spanId: '0102030405060708' }))).status).toBe(400);
    expect((await post(viewer, record({ attributes: 'nope' }))).status).toBe(400);
    const unparented = record({ attributes: [{ key: 'gen_ai.evaluation.name', value: { stringValue: 'x' } }] });
    expect((await post(viewer, unparented)).status).toBe(200);
    expect((await getJson<Facets>(viewer, '/api/facets')).evaluations).toEqual([]);
  });
});
