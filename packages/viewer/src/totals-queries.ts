// Totals per model (from model-call spans) and per agent (from turns), and the filter facets.
import { evaluationFacets } from './evaluation-queries.js';
import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { Facets, Totals } from './api-types.js';
import { Where } from './sql-where.js';
import { roundCost } from './turn-summary.js';

export const FACET_LIMIT = 200;

const n = (v: SQLOutputValue | undefined): number => (typeof v === 'number' ? v : Number(v ?? 0));
const s = (v: SQLOutputValue | undefined): string | null => (typeof v === 'string' ? v : null);
/** A cost sum, or null when nothing in it had a cost (unknown is not $0). */
export const costOrNull = (sum: SQLOutputValue | undefined, priced: SQLOutputValue | undefined): number | null =>
  n(priced) > 0 ? roundCost(n(sum)) : null;

/** SQL for "a model call with tokens but no cost" on spans. */
export const UNPRICED_CALL = 'cost_usd IS NULL AND (input_tokens IS NOT NULL OR output_tokens IS NOT NULL)';

export function totals(db: DatabaseSync, fromMs?: number, toMs?: number): Totals {
  const calls = new Where().always('model IS NOT NULL').range('start_ms', fromMs, toMs);
  const byModel = db
    .prepare(
      `SELECT model, provider, count(*) AS calls, total(input_tokens) AS input, total(output_tokens) AS output,
         total(cached_input_tokens) AS cached, total(reasoning_tokens) AS reasoning, total(cost_usd) AS cost,
         count(cost_usd) AS priced, total(${UNPRICED_CALL}) AS unpriced
       FROM spans ${calls.sql}
       GROUP BY model, provider ORDER BY cost DESC, calls DESC, model`,
    )
    .all(...calls.params)
    .map((r) => ({
      model: s(r.model) ?? '',
      provider: s(r.provider),
      calls: n(r.calls),
      inputTokens: n(r.input),
      outputTokens: n(r.output),
      cachedInputTokens: n(r.cached),
      reasoningTokens: n(r.reasoning),
      costUsd: costOrNull(r.cost, r.priced),
      unpricedCalls: n(r.unpriced),
    }));
  const agents = new Where().always('agent_name IS NOT NULL').range('start_ms', fromMs, toMs);
  const byAgent = db
    .prepare(
      `SELECT agent_name, count(*) AS turns, total(input_tokens) AS input, total(output_tokens) AS output,
         total(cost_usd) AS cost, count(cost_usd) AS priced, total(unpriced_calls) AS unpriced, total(has_error) AS errors
       FROM turns ${agents.sql}
       GROUP BY agent_name ORDER BY cost DESC, turns DESC, agent_name`,
    )
    .all(...agents.params)
    .map((r) => ({
      agentName: s(r.agent_name) ?? '',
      turns: n(r.turns),
      inputTokens: n(r.input),
      outputTokens: n(r.output),
      costUsd: costOrNull(r.cost, r.priced),
      unpricedCalls: n(r.unpriced),
      errors: n(r.errors),
    }));
  return { byModel, byAgent };
}

function recent(db: DatabaseSync, table: string, column: string): string[] {
  return db
    .prepare(
      `SELECT ${column} AS v FROM ${table} WHERE ${column} IS NOT NULL
       GROUP BY ${column} ORDER BY max(start_ms) DESC LIMIT ${FACET_LIMIT}`,
    )
    .all()
    .map((r) => s(r.v))
    .filter((v): v is string => v !== null);
}

/** The most recent distinct values of each filter (bounded). */
export function facets(db: DatabaseSync): Facets {
  return {
    agents: recent(db, 'turns', 'agent_name'),
    models: recent(db, 'spans', 'model'),
    conversations: recent(db, 'turns', 'conversation_id'),
    users: recent(db, 'turns', 'user_id'),
    services: recent(db, 'turns', 'service_name'),
    frameworks: recent(db, 'turns', 'framework'),
    errorCategories: recent(db, 'turns', 'error_category'),
    ...evaluationFacets(db, FACET_LIMIT),
  };
}
