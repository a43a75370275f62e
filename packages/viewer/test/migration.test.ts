// A file written by the first viewer (schema 1) opens in this one: its spans are kept and
// their turns summarised again, with service, TTFT and search.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { TurnDetail, TurnList } from '../src/index.js';
import { loadSqlite } from '../src/sqlite-open.js';
import { otlpRequest } from './support/otlp-json.js';
import { getJson, postTraces, startTestViewer } from './support/viewer.js';

const dir = mkdtempSync(join(tmpdir(), 'agentspan-viewer-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The spans table of schema 1, as version 0.1.0 created it. */
const V1_SPANS = `CREATE TABLE spans (trace_id TEXT NOT NULL, span_id TEXT NOT NULL, parent_span_id TEXT, name TEXT NOT NULL,
  kind INTEGER NOT NULL, start_ms REAL NOT NULL, end_ms REAL NOT NULL, status_code INTEGER NOT NULL, status_message TEXT,
  scope_name TEXT NOT NULL, scope_version TEXT, model TEXT, provider TEXT, input_tokens REAL, output_tokens REAL,
  cached_input_tokens REAL, reasoning_tokens REAL, cost_usd REAL, attributes TEXT NOT NULL, events TEXT NOT NULL, resource TEXT NOT NULL);
CREATE UNIQUE INDEX spans_id ON spans (trace_id, span_id);
CREATE TABLE turns (trace_id TEXT PRIMARY KEY, start_ms REAL NOT NULL, agent_name TEXT, conversation_id TEXT, user_id TEXT,
  has_error INTEGER NOT NULL, models TEXT NOT NULL, input_tokens REAL NOT NULL, output_tokens REAL NOT NULL, cost_usd REAL,
  turn TEXT NOT NULL, state TEXT NOT NULL);
PRAGMA user_version = 1;`;

it('keeps the spans of a schema-1 file and summarises their turns again', async () => {
  const dbPath = join(dir, 'v1.db');
  const trace = 'ab'.repeat(16);
  const { DatabaseSync } = await loadSqlite();
  const v1 = new DatabaseSync(dbPath);
  v1.exec(V1_SPANS);
  const insert = v1.prepare(`INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, start_ms, end_ms, status_code,
    scope_name, model, provider, input_tokens, output_tokens, cost_usd, attributes, events, resource) VALUES (?, ?, ?, ?, 1, ?, ?, 0, 'test', ?, ?, ?, ?, ?, ?, '[]', ?)`);
  const resource = JSON.stringify({ 'service.name': 'old-svc' });
  insert.run(trace, '0000000000000001', null, 'invoke_agent old', 1000, 2000, null, null, null, null, null,
    JSON.stringify({ 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'old', 'gen_ai.conversation.id': 'c-old' }), resource);
  insert.run(trace, '0000000000000002', '0000000000000001', 'chat m', 1100, 1900, 'm', 'openai', 10, 5, 0.5,
    JSON.stringify({ 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5,
      'agentspan.cost.usd': 0.5, 'gen_ai.response.time_to_first_chunk': 0.25, 'note': 'archived words' }), resource);
  v1.prepare(`INSERT INTO turns VALUES (?, 1000, 'old', 'c-old', NULL, 0, '["m"]', 10, 5, 0.5, '{}', '{}')`).run(trace);
  v1.close();

  const viewer = await startTestViewer({ dbPath });
  try {
    const list = await getJson<TurnList>(viewer, '/api/turns');
    expect(list.total).toBe(1);
    expect(list.turns[0]).toMatchObject({
      traceId: trace,
      agentName: 'old',
      conversationId: 'c-old',
      serviceName: 'old-svc',
      durationMs: 1000,
      inputTokens: 10,
      costUsd: 0.5,
      ttftMs: 250,
      spanCount: 2,
    });
    const detail = await getJson<TurnDetail>(viewer, `/api/turns/${trace}`);
    expect(detail.spans.map((s) => s.resource)).toEqual([{ 'service.name': 'old-svc' }, { 'service.name': 'old-svc' }]);
    expect((await getJson<TurnList>(viewer, '/api/turns?q=archived')).total).toBe(1);
    expect((await getJson<TurnList>(viewer, '/api/turns?sort=ttft')).turns[0]?.ttftMs).toBe(250);
  } finally {
    await viewer.close();
  }
  const after = new DatabaseSync(dbPath, { readOnly: true });
  expect(after.prepare('PRAGMA user_version').get()?.user_version).toBe(3);
  expect(after.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'spans_v1'").get()?.n).toBe(0);
  after.close();
});

it('gives a schema-2 file the prompt versions of its stored spans and a table of evaluations', async () => {
  const dbPath = join(dir, 'v2.db');
  const trace = 'cd'.repeat(16);
  // A file as schema 2 left it: spans with prompt attributes, no turn_prompts or evaluations.
  let viewer = await startTestViewer({ dbPath });
  const prompted = { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm', 'gen_ai.prompt.name': 'support-answer', 'gen_ai.prompt.version': 7 };
  const body = otlpRequest([{ traceId: trace, spanId: '0000000000000003', name: 'chat m', startMs: Date.now(), attributes: prompted }]);
  expect((await postTraces(viewer, body)).status).toBe(200);
  await viewer.close();
  const { DatabaseSync } = await loadSqlite();
  const v2 = new DatabaseSync(dbPath);
  v2.exec('DROP TABLE turn_prompts; DROP TABLE evaluations; PRAGMA user_version = 2;');
  v2.close();

  viewer = await startTestViewer({ dbPath });
  try {
    const list = await getJson<TurnList>(viewer, '/api/turns?prompt=support-answer@7');
    expect(list.turns.map((t) => t.traceId)).toEqual([trace]);
    expect((await getJson<TurnDetail>(viewer, `/api/turns/${trace}`)).evaluations).toEqual([]);
  } finally {
    await viewer.close();
  }
});
