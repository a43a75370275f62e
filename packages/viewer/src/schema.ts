// The SQLite schema: one row per span, one summary row per turn (trace).
import type { DatabaseSync } from 'node:sqlite';

export const SCHEMA_VERSION = 1;

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
  -- Model-call facts, for the per-model totals (null on other spans).
  model TEXT,
  provider TEXT,
  input_tokens REAL,
  output_tokens REAL,
  cached_input_tokens REAL,
  reasoning_tokens REAL,
  cost_usd REAL,
  -- The large JSON columns last: reading the columns above never walks their overflow pages.
  attributes TEXT NOT NULL,
  events TEXT NOT NULL,
  resource TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS spans_id ON spans (trace_id, span_id);
-- Covers the per-model totals and the model facet: no table reads.
CREATE INDEX IF NOT EXISTS spans_model_calls ON spans (model, provider, start_ms, input_tokens,
  output_tokens, cached_input_tokens, reasoning_tokens, cost_usd) WHERE model IS NOT NULL;

CREATE TABLE IF NOT EXISTS turns (
  trace_id TEXT PRIMARY KEY,
  start_ms REAL NOT NULL,
  agent_name TEXT,
  conversation_id TEXT,
  user_id TEXT,
  has_error INTEGER NOT NULL,
  models TEXT NOT NULL,
  input_tokens REAL NOT NULL,
  output_tokens REAL NOT NULL,
  cost_usd REAL,
  -- The API's Turn as JSON, sent as stored; the full TurnState, merged with later batches.
  turn TEXT NOT NULL,
  state TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS turns_start ON turns (start_ms);
-- Covers the per-agent totals and the agent facet.
CREATE INDEX IF NOT EXISTS turns_agent ON turns (agent_name, start_ms, input_tokens, output_tokens, cost_usd, has_error);
CREATE INDEX IF NOT EXISTS turns_conversation ON turns (conversation_id, start_ms);
CREATE INDEX IF NOT EXISTS turns_user ON turns (user_id, start_ms);
`;

export function migrate(db: DatabaseSync): void {
  const row = db.prepare('PRAGMA user_version').get();
  const version = typeof row?.user_version === 'number' ? row.user_version : 0;
  if (version > SCHEMA_VERSION) {
    throw new Error(
      `@agentspan/viewer: the database was written by a newer viewer (schema ${version}); use another --db file`,
    );
  }
  db.exec(DDL);
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
}
