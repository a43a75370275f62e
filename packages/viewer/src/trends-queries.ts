// Trends over a time range: turns, p50/p95 latency and TTFT, tokens, cost and errors by
// category per time bucket, and the same figures per agent (from turns) and per model (from
// its calls) — what the Prometheus rules of the ops kit ask, answered from the local store.
// Percentiles come from the log-scale bins stored with every turn and call (histogram.ts):
// SQLite groups a covering index by bin, no value is sorted or sent to JavaScript; above
// 20,000 values, from a uniform sample of them.
import type { DatabaseSync, SQLInputValue, SQLOutputValue } from 'node:sqlite';
import type { AgentTrend, ModelTrend, Percentiles, TrendBucket, Trends } from './api-types.js';
import { costOrNull } from './totals-queries.js';
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

/** Above this many values, percentiles are read from a uniform sample of about this many. */
export const MAX_EXACT_VALUES = 20_000;

/** Sums (SQL aggregates named with AS) per group, and the count `n`. */
function groupSums(db: DatabaseSync, source: Source, group: string, sums: string): Map<Key, Record<string, SQLOutputValue>> {
  const rows = db.prepare(`SELECT ${group} AS g, count(*) AS n, ${sums} ${source.sql} GROUP BY g`).all(...source.params);
  return new Map(rows.map((row) => [row.g as Key, row]));
}

/**
 * p50 and p95 of `value` per `group`: bins are counted per group, then only the bins where the
 * two ranks fall come back, and the value is interpolated within its bin (exact when the bin
 * holds one distinct value). When the source holds more than MAX_EXACT_VALUES rows, every
 * k-th row (by its id, which follows arrival) is counted: a uniform sample.
 */
function quantiles(db: DatabaseSync, source: Source, group: string, bin: string, value: string, rows: number, id: string): Quantiles {
  const every = Math.ceil(rows / MAX_EXACT_VALUES);
  const where = `${source.sql}${/\bWHERE\b/.test(source.sql) ? ' AND' : ' WHERE'} ${value} IS NOT NULL${every > 1 ? ` AND ${id} % ${every} = 0` : ''}`;
  const found = db
    .prepare(
      `WITH h AS MATERIALIZED (
         SELECT ${group} AS g, ${bin} AS bin, count(*) AS n, min(${value}) AS lo, max(${value}) AS hi ${where} GROUP BY g, bin),
       c AS (SELECT g, bin, n, lo, hi, sum(n) OVER (PARTITION BY g ORDER BY bin ROWS UNBOUNDED PRECEDING) AS cum,
               sum(n) OVER (PARTITION BY g) AS total FROM h),
       r AS (SELECT *, (total * 50 + 99) / 100 AS r50, (total * 95 + 99) / 100 AS r95 FROM c)
       SELECT g, 50 AS p, n, lo, hi, cum, r50 AS rank FROM r WHERE cum >= r50 AND cum - n < r50
       UNION ALL
       SELECT g, 95 AS p, n, lo, hi, cum, r95 AS rank FROM r WHERE cum >= r95 AND cum - n < r95`,
    )
    .all(...source.params);
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

/** Rows counted over all groups. */
const totalRows = (sums: Map<Key, Record<string, SQLOutputValue>>): number =>
  [...sums.values()].reduce((total, row) => total + n(row.n), 0);

function percentiles(durations: Quantiles, ttfts: Quantiles, key: Key): Percentiles {
  const d = durations.get(key);
  const t = ttfts.get(key);
  return {
    durationP50Ms: d?.p50 ?? null,
    durationP95Ms: d?.p95 ?? null,
    ttftP50Ms: t?.p50 ?? null,
    ttftP95Ms: t?.p95 ?? null,
  };
}

/** Per-group sums of turns. */
const TURN_SUMS =
  'total(has_error) AS errors, total(input_tokens) AS input, total(output_tokens) AS output, total(cost_usd) AS cost, count(cost_usd) AS priced';

/** The range: as asked, else from the first matching turn to now. */
function range(db: DatabaseSync, filter: TrendFilter, now: number): { fromMs: number; toMs: number } {
  const toMs = filter.toMs ?? now;
  if (filter.fromMs !== undefined) return { fromMs: Math.min(filter.fromMs, toMs), toMs };
  const where = turnWhere({ ...filter, toMs });
  const first = db.prepare(`SELECT min(start_ms) AS first FROM turns ${where.sql}`).get(...where.params);
  const fromMs = typeof first?.first === 'number' ? first.first : toMs - HOUR;
  return { fromMs: Math.min(fromMs, toMs), toMs };
}

function bucketTrends(db: DatabaseSync, filter: TrendFilter, origin: number, bucketMs: number, count: number) {
  const where = turnWhere(filter);
  const source = { sql: `FROM turns ${where.sql}`, params: where.params };
  const bucket = `CAST((start_ms - ${origin}) / ${bucketMs} AS INTEGER)`;
  const sums = groupSums(db, source, bucket, TURN_SUMS);
  const rows = totalRows(sums);
  const durations = quantiles(db, source, bucket, 'duration_bin', 'duration_ms', rows, 'id');
  const ttfts = quantiles(db, source, bucket, 'ttft_bin', 'ttft_ms', rows, 'id');
  const failures = db
    .prepare(
      `SELECT ${bucket} AS b, coalesce(error_category, 'unknown') AS category, count(*) AS n
       ${source.sql}${where.sql === '' ? ' WHERE' : ' AND'} has_error = 1 GROUP BY b, category`,
    )
    .all(...where.params);
  const categoryTotals = new Map<string, number>();
  const buckets: TrendBucket[] = Array.from({ length: count }, (_, i) => {
    const r = sums.get(i);
    return {
      startMs: origin + i * bucketMs,
      turns: n(r?.n),
      errors: n(r?.errors),
      errorsByCategory: {},
      inputTokens: n(r?.input),
      outputTokens: n(r?.output),
      costUsd: r === undefined ? null : costOrNull(r.cost, r.priced),
      ...percentiles(durations, ttfts, i),
    };
  });
  for (const f of failures) {
    const target = buckets[n(f.b)];
    const category = String(f.category);
    if (target !== undefined) target.errorsByCategory[category] = n(f.n);
    categoryTotals.set(category, (categoryTotals.get(category) ?? 0) + n(f.n));
  }
  const categories = [...categoryTotals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
  return { buckets, categories };
}

function agentTrends(db: DatabaseSync, filter: TrendFilter): AgentTrend[] {
  const where = turnWhere(filter).always('agent_name IS NOT NULL');
  const source = { sql: `FROM turns ${where.sql}`, params: where.params };
  const sums = groupSums(db, source, 'agent_name', TURN_SUMS);
  const rows = totalRows(sums);
  const durations = quantiles(db, source, 'agent_name', 'duration_bin', 'duration_ms', rows, 'id');
  const ttfts = quantiles(db, source, 'agent_name', 'ttft_bin', 'ttft_ms', rows, 'id');
  return [...sums]
    .map(([agent, r]) => ({
      agentName: String(agent),
      turns: n(r.n),
      errors: n(r.errors),
      inputTokens: n(r.input),
      outputTokens: n(r.output),
      costUsd: costOrNull(r.cost, r.priced),
      ...percentiles(durations, ttfts, agent),
    }))
    .sort((a, b) => b.turns - a.turns || a.agentName.localeCompare(b.agentName));
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
  const sums = groupSums(
    db,
    source,
    'model',
    'max(provider) AS provider, total(status_code = 2) AS errors, total(input_tokens) AS input, total(output_tokens) AS output, total(cost_usd) AS cost, count(cost_usd) AS priced',
  );
  const rows = totalRows(sums);
  const durations = quantiles(db, source, 'model', 'duration_bin', 'end_ms - start_ms', rows, 'spans.rowid');
  const ttfts = quantiles(db, source, 'model', 'ttft_bin', 'ttft_ms', rows, 'spans.rowid');
  return [...sums]
    .map(([model, r]) => ({
      model: String(model),
      provider: typeof r.provider === 'string' ? r.provider : null,
      calls: n(r.n),
      errors: n(r.errors),
      inputTokens: n(r.input),
      outputTokens: n(r.output),
      costUsd: costOrNull(r.cost, r.priced),
      ...percentiles(durations, ttfts, model),
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
    ...bucketTrends(db, bounded, origin, bucketMs, count),
    byAgent: agentTrends(db, bounded),
    byModel: modelTrends(db, bounded),
  };
}
