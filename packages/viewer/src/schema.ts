// The SQLite schema: one row per span, one summary row per turn (trace), and a full-text index.
import type { DatabaseSync } from 'node:sqlite';

export const SCHEMA_VERSION = 2;

/** Version 1 had the same spans table without ttft_ms (added to old files by ALTER TABLE). */
const SPANS_DDL = `
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
  -- The large JSON columns last: reading the columns above never walks their overflow pages.
  attributes TEXT NOT NULL,
  events TEXT NOT NULL,
  resource TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS spans_id ON spans (trace_id, span_id);
`;

const V2_DDL = `
DROP INDEX IF EXISTS spans_model_calls;
-- Covers the per-model totals, trends and the model facet: no table reads.
CREATE INDEX IF NOT EXISTS spans_model_calls_v2 ON spans (model, start_ms, provider, end_ms, status_code, ttft_ms,
  input_tokens, output_tokens, cached_input_tokens, reasoning_tokens, cost_usd) WHERE model IS NOT NULL;

-- Small rows (no JSON but the model list): scans for totals and trends stay cheap.
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
  models TEXT NOT NULL,
  span_count INTEGER NOT NULL,
  -- Full-text documents written for the turn (their rowids are id * 2^20 + 0…text_docs-1).
  text_docs INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_start ON turns (start_ms);
CREATE INDEX IF NOT EXISTS turns_received ON turns (received_ms);
CREATE INDEX IF NOT EXISTS turns_duration ON turns (duration_ms);
CREATE INDEX IF NOT EXISTS turns_cost ON turns (cost_usd);
CREATE INDEX IF NOT EXISTS turns_tokens ON turns (total_tokens);
CREATE INDEX IF NOT EXISTS turns_ttft ON turns (ttft_ms);
CREATE INDEX IF NOT EXISTS turns_error ON turns (has_error, start_ms);
CREATE INDEX IF NOT EXISTS turns_agent ON turns (agent_name, start_ms);
CREATE INDEX IF NOT EXISTS turns_conversation ON turns (conversation_id, start_ms);
CREATE INDEX IF NOT EXISTS turns_user ON turns (user_id, start_ms);
CREATE INDEX IF NOT EXISTS turns_category ON turns (error_category, start_ms) WHERE error_category IS NOT NULL;
CREATE INDEX IF NOT EXISTS turns_service ON turns (service_name, start_ms) WHERE service_name IS NOT NULL;

-- The incremental summary state (merged with later batches of the same trace), apart from the
-- turns so that scans of turns never read it.
CREATE TABLE IF NOT EXISTS turn_state (
  id INTEGER PRIMARY KEY,
  state TEXT NOT NULL
);

-- Span names, attribute values and captured content. Contentless (the text lives in spans);
-- one document per turn and batch, so a hit is a turn without reading spans.
CREATE VIRTUAL TABLE IF NOT EXISTS turn_text USING fts5 (
  text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
`;

export interface Migration {
  /** The file held version-1 turns: they are rebuilt from the stored spans. */
  rebuildTurns: boolean;
}

export function migrate(db: DatabaseSync): Migration {
  const row = db.prepare('PRAGMA user_version').get();
  const version = typeof row?.user_version === 'number' ? row.user_version : 0;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `@agentspan/viewer: the database was written by a newer viewer (schema ${version}); use another --db file`,
    );
  }
  if (version === SCHEMA_VERSION) return { rebuildTurns: false };
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(SPANS_DDL);
    const rebuildTurns = version === 1;
    if (rebuildTurns) {
      // Version 1 summarised turns differently (no receive time, service or TTFT).
      db.exec('DROP TABLE IF EXISTS turns');
    }
    const columns = db.prepare('PRAGMA table_info(spans)').all();
    if (!columns.some((c) => c.name === 'ttft_ms')) db.exec('ALTER TABLE spans ADD COLUMN ttft_ms REAL');
    db.exec(V2_DDL);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
    return { rebuildTurns };
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}
