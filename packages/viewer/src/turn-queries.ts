// Reads for the turn list (filters, numeric ranges, search, sort) and a turn's page.
import type { DatabaseSync } from 'node:sqlite';
import type { Span, Turn, TurnDetail, TurnList } from './api-types.js';
import { addEvaluationConditions, turnEvaluations, turnPrompts } from './evaluation-queries.js';
import { ftsTerms } from './search-text.js';
import { rowToSpan, SPAN_SELECT, treeOrder } from './span-rows.js';
import { Where } from './sql-where.js';
import { rowToTurn } from './turn-row.js';

export const SORT_KEYS = ['start', 'duration', 'cost', 'tokens', 'ttft', 'error'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Numeric ranges: [column, API parameter prefix]; bounds are inclusive. */
export const RANGE_FILTERS = {
  durationMs: 'duration_ms',
  costUsd: 'cost_usd',
  tokens: 'total_tokens',
  ttftMs: 'ttft_ms',
} as const;
export type RangeKey = keyof typeof RANGE_FILTERS;

export interface TurnFilter {
  agent?: string;
  conversation?: string;
  user?: string;
  model?: string;
  service?: string;
  framework?: string;
  /** agentspan.error.category of the turn (implies a failed turn). */
  errorCategory?: string;
  errorsOnly?: boolean;
  fromMs?: number;
  toMs?: number;
  min?: Partial<Record<RangeKey, number>>;
  max?: Partial<Record<RangeKey, number>>;
  /** Words to find in span names, attribute values and captured content. */
  search?: string;
  /** A prompt version its model calls used: `name@version`, or `name` for an unversioned prompt. */
  prompt?: string;
  /** Scores: a turn with a score (of this evaluation, if given) within minScore…maxScore. */
  evaluation?: string;
  minScore?: number;
  maxScore?: number;
  sort?: SortKey;
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** The most spans a turn's page receives: a trace of 50,000 spans is shown in part, not stalled on. */
export const MAX_DETAIL_SPANS = 10_000;

/** A search reads at most this many matching documents, the newest first. */
export const MAX_SEARCH_HITS = 50_000;
/** Above this many hits, the list scans turns in its order and looks each up in the hits. */
const MANY_HITS = 2000;

/**
 * The turns matching every term of a search, into temp.search_hits: the full-text index is
 * read once per request, then the page and the count both use the table. A word in every turn
 * of a million-span store matches 140,000 turns: only the newest MAX_SEARCH_HITS documents of
 * each term are read. Returns the number of hits, and whether a term had more.
 */
function fillSearchHits(db: DatabaseSync, terms: readonly string[]): { hits: number; capped: boolean } {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS search_hits (id INTEGER PRIMARY KEY); DELETE FROM temp.search_hits;');
  // One more than the limit: its presence says a term matched more documents than are read.
  const term = `SELECT * FROM (SELECT rowid >> 20 FROM turn_text WHERE turn_text MATCH ? ORDER BY rowid DESC LIMIT ${MAX_SEARCH_HITS + 1})`;
  let hits = Number(db.prepare(`INSERT OR IGNORE INTO temp.search_hits ${terms.map(() => term).join(' INTERSECT ')}`).run(...terms).changes);
  const capped =
    terms.length === 1
      ? hits > MAX_SEARCH_HITS
      : terms.some((t) => Number(db.prepare(`SELECT count(*) AS n FROM (${term})`).get(t)?.n) > MAX_SEARCH_HITS);
  if (hits > MAX_SEARCH_HITS) {
    db.exec('DELETE FROM temp.search_hits WHERE id = (SELECT min(id) FROM temp.search_hits)');
    hits -= 1;
  }
  return { hits, capped };
}

/**
 * The WHERE clause of a turn filter (the list, the trends and the counts share it). A search
 * reads temp.search_hits (filled by fillSearchHits) when `hits` is set, else the index itself.
 */
export function turnWhere(filter: Omit<TurnFilter, 'limit' | 'offset'>, hits: 'none' | 'few' | 'many' = 'none'): Where {
  const where = new Where()
    .when('agent_name = ?', filter.agent)
    .when('conversation_id = ?', filter.conversation)
    .when('user_id = ?', filter.user)
    .when('service_name = ?', filter.service)
    .when('framework = ?', filter.framework)
    .when('error_category = ?', filter.errorCategory)
    .when('EXISTS (SELECT 1 FROM json_each(turns.models) WHERE value = ?)', filter.model)
    .range('start_ms', filter.fromMs, filter.toMs);
  for (const [key, column] of Object.entries(RANGE_FILTERS) as [RangeKey, string][]) {
    where.range(column, filter.min?.[key], filter.max?.[key]);
  }
  if (filter.errorsOnly === true) where.always('has_error = 1');
  addEvaluationConditions(where, filter);
  // Each term is its own condition: a turn matches when all terms occur anywhere in it.
  const terms = ftsTerms(filter.search ?? '');
  if (hits === 'few' && terms.length > 0) where.always('id IN temp.search_hits');
  else if (hits === 'many' && terms.length > 0) where.always('EXISTS (SELECT 1 FROM temp.search_hits h WHERE h.id = turns.id)');
  else for (const term of terms) where.when('id IN (SELECT rowid >> 20 FROM turn_text WHERE turn_text MATCH ?)', term);
  return where;
}

/** ORDER BY for a sort key: unknown values (no cost, no TTFT) last in both directions. */
export function orderBy(sort: SortKey = 'start', order: 'asc' | 'desc' = 'desc'): string {
  const dir = order === 'asc' ? 'ASC' : 'DESC';
  switch (sort) {
    case 'duration':
      return `duration_ms ${dir}, id ${dir}`;
    case 'tokens':
      return `total_tokens ${dir}, id ${dir}`;
    case 'cost':
      return `cost_usd ${dir} NULLS LAST, id ${dir}`;
    case 'ttft':
      return `ttft_ms ${dir} NULLS LAST, id ${dir}`;
    case 'error':
      // Failed turns first (desc), newest first within each group.
      return `has_error ${dir}, start_ms DESC, id DESC`;
    default:
      return `start_ms ${dir}, id ${dir}`;
  }
}

export const TURN_SELECT = 'SELECT * FROM turns';

export function listTurns(db: DatabaseSync, filter: TurnFilter): TurnList {
  const terms = ftsTerms(filter.search ?? '');
  const search = terms.length > 0 ? fillSearchHits(db, terms) : null;
  // Few hits: read them and sort. Many: walk the turns in the list's order and keep the hits.
  const where = turnWhere(filter, search === null ? 'none' : search.hits > MANY_HITS ? 'many' : 'few');
  const { sql, params } = where;
  const turns = db
    .prepare(`${TURN_SELECT} ${sql} ORDER BY ${orderBy(filter.sort, filter.order)} LIMIT ? OFFSET ?`)
    .all(...params, filter.limit, filter.offset)
    .map(rowToTurn);
  // A search alone: its hits are the count.
  const countSql = terms.length > 0 && where.size === 1 ? 'SELECT count(*) AS n FROM temp.search_hits' : `SELECT count(*) AS n FROM turns ${sql}`;
  const count = db.prepare(countSql).get(...params);
  const list: TurnList = { turns, total: Number(count?.n ?? 0) };
  if (search?.capped) list.searchCapped = true;
  return list;
}

export function getTurnRow(db: DatabaseSync, traceId: string): Turn | null {
  const row = db.prepare(`${TURN_SELECT} WHERE trace_id = ?`).get(traceId);
  return row === undefined ? null : rowToTurn(row);
}

export function getTurn(db: DatabaseSync, traceId: string): TurnDetail | null {
  const turn = getTurnRow(db, traceId);
  if (turn === null) return null;
  const spans: Span[] = db
    .prepare(`${SPAN_SELECT} WHERE trace_id = ? ORDER BY start_ms, end_ms DESC LIMIT ?`)
    .all(traceId, MAX_DETAIL_SPANS + 1)
    .map(rowToSpan);
  const truncated = spans.length > MAX_DETAIL_SPANS;
  if (truncated) spans.length = MAX_DETAIL_SPANS;
  const detail: TurnDetail = { turn, spans: treeOrder(spans), evaluations: turnEvaluations(db, traceId), prompts: turnPrompts(db, traceId) };
  if (truncated) detail.truncated = true;
  return detail;
}
