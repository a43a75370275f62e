// The SQLite schema: one row per span, one summary row per turn (trace), the resources spans
// share, a full-text index of the turns, the prompt versions their model calls used, and the
// evaluations and user feedback recorded against their spans.
import type { DatabaseSync } from 'node:sqlite';

export const SCHEMA_VERSION = 3;

const DDL = `
CREATE TABLE IF NOT EXISTS spans (
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  parent_span_id TEXT,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL,
  start_ms REAL NOT NULL,
  end_ms REAL NOT NULL,
  status_code INTEGER NOT NULL,
  status_message TEXT,
  scope_name TEXT NOT NULL,
  scope_version TEXT,
  -- Model-call facts, for the per-model totals and trends (null on other spans).
  model TEXT,
  provider TEXT,
  input_tokens REAL,
  output_tokens REAL,
  cached_input_tokens REAL,
  reasoning_tokens REAL,
  cost_usd REAL,
  ttft_ms REAL,
  duration_bin INTEGER,
  ttft_bin INTEGER,
  resource_id INTEGER NOT NULL,
  -- The turns row of the span's trace (its id).
  turn_id INTEGER NOT NULL,
  -- The large JSON columns last: reading the columns above never walks their overflow pages.
  attributes TEXT NOT NULL,
  events TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS spans_id ON spans (trace_id, span_id);
CREATE INDEX IF NOT EXISTS spans_resource ON spans (resource_id);
-- Covers the per-model totals, trends (of one agent's turns too: turn_id) and the model facet.
CREATE INDEX IF NOT EXISTS spans_model_calls ON spans (model, provider, start_ms, status_code, duration_bin,
  end_ms, ttft_bin, ttft_ms, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd, turn_id)
  WHERE model IS NOT NULL;

-- A resource (service.name, host, process…) is the same for most spans: stored once.
CREATE TABLE IF NOT EXISTS resources (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  json TEXT NOT NULL
);

-- Small rows (no JSON but the model list and the merge state): scans stay cheap.
CREATE TABLE IF NOT EXISTS turns (
  id INTEGER PRIMARY KEY,
  trace_id TEXT NOT NULL UNIQUE,
  -- When the viewer first received a span of the turn: retention orders by it, so no client
  -- clock (spans dated 2500 or 1970) can push real turns out.
  received_ms REAL NOT NULL,
  start_ms REAL NOT NULL,
  duration_ms REAL NOT NULL,
  root_span_id TEXT NOT NULL,
  root_name TEXT NOT NULL,
  agent_name TEXT,
  conversation_id TEXT,
  user_id TEXT,
  service_name TEXT,
  framework TEXT,
  status TEXT NOT NULL,
  has_error INTEGER NOT NULL,
  error_type TEXT,
  error_category TEXT,
  input_tokens REAL NOT NULL,
  output_tokens REAL NOT NULL,
  cached_input_tokens REAL NOT NULL,
  reasoning_tokens REAL NOT NULL,
  total_tokens REAL NOT NULL,
  cost_usd REAL,
  unpriced_calls INTEGER NOT NULL,
  ttft_ms REAL,
  duration_bin INTEGER NOT NULL,
  ttft_bin INTEGER,
  models TEXT NOT NULL,
  span_count INTEGER NOT NULL,
  -- Full-text documents written for the turn (their rowids are id * 2^20 + 0…text_docs-1).
  text_docs INTEGER NOT NULL,
  -- What merging a later batch of the trace needs beyond the columns (turn-summary.ts).
  merge TEXT NOT NULL
);
-- Few indexes, each costs every ingested turn: the list's order (start, and the sorts users ask
-- most: slowest, most expensive, slowest first token; tokens and the other filters scan these
-- small rows), retention, conversations, and one covering the trends and per-agent totals.
CREATE INDEX IF NOT EXISTS turns_start ON turns (start_ms);
CREATE INDEX IF NOT EXISTS turns_duration ON turns (duration_ms);
CREATE INDEX IF NOT EXISTS turns_cost ON turns (cost_usd);
CREATE INDEX IF NOT EXISTS turns_ttft ON turns (ttft_ms);
CREATE INDEX IF NOT EXISTS turns_received ON turns (received_ms);
CREATE INDEX IF NOT EXISTS turns_conversation ON turns (conversation_id, start_ms);
CREATE INDEX IF NOT EXISTS turns_trend ON turns (start_ms, agent_name, service_name, has_error, error_category,
  duration_bin, duration_ms, ttft_bin, ttft_ms, input_tokens, output_tokens, cost_usd, unpriced_calls);

-- The prompt versions (gen_ai.prompt.name / .version) a turn's spans used: the list's prompt
-- filter and the trends per prompt version read it. version '' when the prompt has none.
CREATE TABLE IF NOT EXISTS turn_prompts (
  turn_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  PRIMARY KEY (turn_id, name, version)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS turn_prompts_prompt ON turn_prompts (name, version);

-- gen_ai.evaluation.result log records (evaluators' scores, users' feedback), by trace and span.
-- They may arrive before their turn's spans, or long after: joined by trace id when read.
CREATE TABLE IF NOT EXISTS evaluations (
  id INTEGER PRIMARY KEY,
  trace_id TEXT NOT NULL,
  span_id TEXT NOT NULL,
  received_ms REAL NOT NULL,
  time_ms REAL NOT NULL,
  name TEXT NOT NULL,
  score REAL,
  label TEXT,
  explanation TEXT,
  source TEXT,
  user_id TEXT,
  agent_name TEXT,
  prompt_name TEXT,
  prompt_version TEXT,
  attributes TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS evaluations_trace ON evaluations (trace_id, score);
CREATE INDEX IF NOT EXISTS evaluations_received ON evaluations (received_ms);

-- Span names, attribute values and captured content. Contentless (the text lives in spans);
-- one document per turn and batch, so a hit is a turn without reading spans.
CREATE VIRTUAL TABLE IF NOT EXISTS turn_text USING fts5 (
  text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
`;

/** Version 2 → 3: the prompt versions of the spans already stored. */
const PROMPTS_OF_STORED_SPANS = `
INSERT OR IGNORE INTO turn_prompts (turn_id, name, version)
  SELECT turn_id, json_extract(attributes, '$."gen_ai.prompt.name"'),
    coalesce(CAST(json_extract(attributes, '$."gen_ai.prompt.version"') AS TEXT), '')
  FROM spans WHERE json_extract(attributes, '$."gen_ai.prompt.name"') IS NOT NULL`;

export interface Migration {
  /** The file was written by version 1: its spans were moved to spans_v1, to be re-ingested. */
  fromV1: boolean;
}

export function migrate(db: DatabaseSync): Migration {
  const row = db.prepare('PRAGMA user_version').get();
  const version = typeof row?.user_version === 'number' ? row.user_version : 0;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `@agentspan/viewer: the database was written by a newer viewer (schema ${version}); use another --db file`,
    );
  }
  if (version === SCHEMA_VERSION) return { fromV1: false };
  db.exec('BEGIN IMMEDIATE');
  try {
    const fromV1 = version === 1;
    if (fromV1) {
      // Version 1 kept a resource per span and summarised turns differently: its spans are
      // ingested again (store.ts), then dropped.
      db.exec(`
        DROP TABLE IF EXISTS turns;
        DROP INDEX IF EXISTS spans_id;
        DROP INDEX IF EXISTS spans_model_calls;
        ALTER TABLE spans RENAME TO spans_v1;
      `);
    }
    db.exec(DDL);
    if (version === 2) db.exec(PROMPTS_OF_STORED_SPANS);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
    return { fromV1 };
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
