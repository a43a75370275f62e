// Trends over a time range: turns, p50/p95 latency and TTFT, tokens, cost and errors by
// category per time bucket, and the same figures per agent (from turns) and per model (from
// its calls) — what the Prometheus rules of the ops kit ask, answered from the local store.
// Percentiles come from the log-scale bins stored with every turn and call (histogram.ts):
// SQLite groups a covering index by bin, no value is sorted or sent to JavaScript; above
// 20,000 values, from a uniform sample of them.
import type { DatabaseSync, SQLInputValue, SQLOutputValue } from 'node:sqlite';
import type { AgentTrend, ModelTrend, Percentiles, TrendBucket, Trends } from './api-types.js';
import { promptTrends } from './prompt-trends.js';
import { costOrNull, UNPRICED_CALL } from './totals-queries.js';
import { turnWhere } from './turn-queries.js';

export interface TrendFilter {
  agent?: string;
  model?: string;
  service?: string;
  fromMs?: number;
  toMs?: number;
  /** The most buckets wanted (the bucket is the next round duration). */
  buckets: number;
}

export const DEFAULT_BUCKETS = 60;
export const MAX_BUCKETS = 500;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Bucket sizes a person reads easily. */
const STEPS = [
  SECOND, 5 * SECOND, 10 * SECOND, 30 * SECOND, MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 30 * DAY, 365 * DAY,
];

export function bucketSize(spanMs: number, buckets: number): number {
  const wanted = spanMs / Math.max(1, buckets);
  return STEPS.find((step) => step >= wanted) ?? Math.ceil(wanted / (365 * DAY)) * 365 * DAY;
}

const n = (v: SQLOutputValue | undefined): number => (typeof v === 'number' ? v : Number(v ?? 0));

/** A FROM … WHERE … clause and its parameters. */
interface Source {
  sql: string;
  params: SQLInputValue[];
}

type Key = string | number | null;
type Quantiles = Map<Key, { p50: number | null; p95: number | null }>;

/** Above this many rows, percentiles are read from a uniform sample of about this many. */
export const MAX_EXACT_VALUES = 20_000;

/**
 * p50 and p95 of `value` per `group` over temp.trend_sample: bins are counted per group, then
 * only the bins where the two ranks fall come back, and the value is interpolated within its
 * bin (exact when the bin holds one distinct value).
 */
export function quantiles(db: DatabaseSync, group: string, bin: string, value: string): Quantiles {
  const found = db
    .prepare(
      `WITH h AS MATERIALIZED (
         SELECT ${group} AS g, ${bin} AS bin, count(*) AS n, min(${value}) AS lo, max(${value}) AS hi
         FROM temp.trend_sample WHERE ${value} IS NOT NULL GROUP BY g, bin),
       c AS (SELECT g, bin, n, lo, hi, sum(n) OVER (PARTITION BY g ORDER BY bin ROWS UNBOUNDED PRECEDING) AS cum,
               sum(n) OVER (PARTITION BY g) AS total FROM h),
       r AS (SELECT *, (total * 50 + 99) / 100 AS r50, (total * 95 + 99) / 100 AS r95 FROM c)
       SELECT g, 50 AS p, n, lo, hi, cum, r50 AS rank FROM r WHERE cum >= r50 AND cum - n < r50
       UNION ALL
       SELECT g, 95 AS p, n, lo, hi, cum, r95 AS rank FROM r WHERE cum >= r95 AND cum - n < r95`,
    )
    .all();
  const result: Quantiles = new Map();
  for (const row of found) {
    const count = n(row.n);
    const position = n(row.rank) - (n(row.cum) - count) - 1;
    const lo = n(row.lo);
    const hi = n(row.hi);
    const v = count <= 1 || hi === lo ? lo : lo + ((hi - lo) * position) / (count - 1);
    const entry = result.get(row.g as Key) ?? { p50: null, p95: null };
    if (n(row.p) === 50) entry.p50 = v;
    else entry.p95 = v;
    result.set(row.g as Key, entry);
  }
  return result;
}

/**
 * Copies the rows the percentiles are read from into temp.trend_sample (columns g1, g2, dbin,
 * d, tbin, t): all of them up to MAX_EXACT_VALUES, else every k-th by id (ids follow arrival:
 * a uniform sample). One scan, then small groupings.
 */
export function sample(db: DatabaseSync, columns: string, source: Source, rows: number, id: string): void {
  db.exec(
    'CREATE TEMP TABLE IF NOT EXISTS trend_sample (g1, g2, dbin INTEGER, d REAL, tbin INTEGER, t REAL); DELETE FROM temp.trend_sample;',
  );
  const every = Math.ceil(rows / MAX_EXACT_VALUES);
  const where = every > 1 ? `${source.sql}${/\bWHERE\b/.test(source.sql) ? ' AND' : ' WHERE'} ${id} % ${every} = 0` : source.sql;
  db.prepare(`INSERT INTO temp.trend_sample SELECT ${columns} ${where}`).run(...source.params);
}

export function percentiles(durations: Quantiles, ttfts: Quantiles, key: Key): Percentiles {
  const d = durations.get(key);
  const t = ttfts.get(key);
  return {
    durationP50Ms: d?.p50 ?? null,
    durationP95Ms: d?.p95 ?? null,
    ttftP50Ms: t?.p50 ?? null,
    ttftP95Ms: t?.p95 ?? null,
  };
}

/** The range: as asked, else from the first matching turn to now. */
function range(db: DatabaseSync, filter: TrendFilter, now: number): { fromMs: number; toMs: number } {
  const toMs = filter.toMs ?? now;
  if (filter.fromMs !== undefined) return { fromMs: Math.min(filter.fromMs, toMs), toMs };
  const where = turnWhere({ ...filter, toMs });
  const first = db.prepare(`SELECT min(start_ms) AS first FROM turns ${where.sql}`).get(...where.params);
  const fromMs = typeof first?.first === 'number' ? first.first : toMs - HOUR;
  return { fromMs: Math.min(fromMs, toMs), toMs };
}

interface Sums {
  turns: number;
  errors: number;
  input: number;
  output: number;
  cost: number;
  priced: number;
  unpriced: number;
}
const noSums = (): Sums => ({ turns: 0, errors: 0, input: 0, output: 0, cost: 0, priced: 0, unpriced: 0 });
function addSums(to: Sums, row: Record<string, SQLOutputValue>): void {
  to.turns += n(row.n);
  to.errors += n(row.errors);
  to.input += n(row.input);
  to.output += n(row.output);
  to.cost += n(row.cost);
  to.priced += n(row.priced);
  to.unpriced += n(row.unpriced);
}

/** Per bucket and per agent, from one scan of the turns (sums) and one sample (percentiles). */
function turnTrends(db: DatabaseSync, filter: TrendFilter, origin: number, bucketMs: number, count: number) {
  const where = turnWhere(filter);
  const source = { sql: `FROM turns ${where.sql}`, params: where.params };
  const bucket = `CAST((start_ms - ${origin}) / ${bucketMs} AS INTEGER)`;
  const groups = db
    .prepare(
      `SELECT ${bucket} AS b, agent_name AS a, CASE WHEN has_error = 1 THEN coalesce(error_category, 'unknown') END AS c,
         count(*) AS n, total(has_error) AS errors, total(input_tokens) AS input, total(output_tokens) AS output,
         total(cost_usd) AS cost, count(cost_usd) AS priced, total(unpriced_calls) AS unpriced
       ${source.sql} GROUP BY b, a, c`,
    )
    .all(...source.params);
  const byBucket = Array.from({ length: count }, noSums);
  const byAgent = new Map<string, Sums>();
  const failures = Array.from({ length: count }, () => ({}) as Record<string, number>);
  const categoryTotals = new Map<string, number>();
  let rows = 0;
  for (const g of groups) {
    rows += n(g.n);
    const b = n(g.b);
    if (byBucket[b] !== undefined) addSums(byBucket[b], g);
    if (typeof g.a === 'string') {
      const agent = byAgent.get(g.a) ?? noSums();
      addSums(agent, g);
      byAgent.set(g.a, agent);
    }
    if (typeof g.c === 'string') {
      const target = failures[b];
      if (target !== undefined) target[g.c] = (target[g.c] ?? 0) + n(g.n);
      categoryTotals.set(g.c, (categoryTotals.get(g.c) ?? 0) + n(g.n));
    }
  }
  sample(db, `${bucket}, agent_name, duration_bin, duration_ms, ttft_bin, ttft_ms`, source, rows, 'id');
  const bucketDurations = quantiles(db, 'g1', 'dbin', 'd');
  const bucketTtfts = quantiles(db, 'g1', 'tbin', 't');
  const agentDurations = quantiles(db, 'g2', 'dbin', 'd');
  const agentTtfts = quantiles(db, 'g2', 'tbin', 't');
  const buckets: TrendBucket[] = byBucket.map((sums, i) => ({
    startMs: origin + i * bucketMs,
    turns: sums.turns,
    errors: sums.errors,
    errorsByCategory: failures[i] ?? {},
    inputTokens: sums.input,
    outputTokens: sums.output,
    costUsd: costOrNull(sums.cost, sums.priced),
    ...percentiles(bucketDurations, bucketTtfts, i),
  }));
  const agents: AgentTrend[] = [...byAgent]
    .map(([agentName, sums]) => ({
      agentName,
      turns: sums.turns,
      errors: sums.errors,
      inputTokens: sums.input,
      outputTokens: sums.output,
      costUsd: costOrNull(sums.cost, sums.priced),
      unpricedCalls: sums.unpriced,
      ...percentiles(agentDurations, agentTtfts, agentName),
    }))
    .sort((a, b) => b.turns - a.turns || a.agentName.localeCompare(b.agentName));
  const categories = [...categoryTotals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  return { buckets, categories, byAgent: agents };
}

function modelTrends(db: DatabaseSync, filter: TrendFilter): ModelTrend[] {
  const params: SQLInputValue[] = [];
  const conditions = ['model IS NOT NULL'];
  const add = (condition: string, value: SQLInputValue | undefined): void => {
    if (value === undefined) return;
    conditions.push(condition);
    params.push(value);
  };
  add('model = ?', filter.model);
  add('start_ms >= ?', filter.fromMs);
  add('start_ms <= ?', filter.toMs);
  if (filter.agent !== undefined || filter.service !== undefined) {
    // The calls of the matching turns (turn_id is in the covering index).
    const turns = turnWhere({ agent: filter.agent, service: filter.service, fromMs: filter.fromMs, toMs: filter.toMs });
    conditions.push(`turn_id IN (SELECT id FROM turns ${turns.sql})`);
    params.push(...turns.params);
  }
  const source = { sql: `FROM spans WHERE ${conditions.join(' AND ')}`, params };
  const sums = db
    .prepare(
      `SELECT model, count(*) AS n, max(provider) AS provider, total(status_code = 2) AS errors, total(input_tokens) AS input,
         total(output_tokens) AS output, total(cost_usd) AS cost, count(cost_usd) AS priced, total(${UNPRICED_CALL}) AS unpriced
       ${source.sql} GROUP BY model`,
    )
    .all(...params);
  const rows = sums.reduce((total, r) => total + n(r.n), 0);
  sample(db, 'model, NULL, duration_bin, end_ms - start_ms, ttft_bin, ttft_ms', source, rows, 'spans.rowid');
  const durations = quantiles(db, 'g1', 'dbin', 'd');
  const ttfts = quantiles(db, 'g1', 'tbin', 't');
  return sums
    .map((r) => ({
      model: String(r.model),
      provider: typeof r.provider === 'string' ? r.provider : null,
      calls: n(r.n),
      errors: n(r.errors),
      inputTokens: n(r.input),
      outputTokens: n(r.output),
      costUsd: costOrNull(r.cost, r.priced),
      unpricedCalls: n(r.unpriced),
      ...percentiles(durations, ttfts, String(r.model)),
    }))
    .sort((a, b) => b.calls - a.calls || a.model.localeCompare(b.model));
}

export function trends(db: DatabaseSync, filter: TrendFilter, now: number = Date.now()): Trends {
  const { fromMs, toMs } = range(db, filter, now);
  const bucketMs = bucketSize(toMs - fromMs, filter.buckets);
  const origin = Math.floor(fromMs / bucketMs) * bucketMs;
  const count = Math.max(1, Math.ceil((toMs - origin + 1) / bucketMs));
  const bounded = { ...filter, fromMs, toMs };
  return {
    fromMs,
    toMs,
    bucketMs,
    ...turnTrends(db, bounded, origin, bucketMs, count),
    byModel: modelTrends(db, bounded),
    ...promptTrends(db, bounded, origin, bucketMs, count),
  };
}
