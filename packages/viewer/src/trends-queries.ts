// Trends over a time range: turns, p50/p95 latency and TTFT, tokens, cost and errors by
// category per time bucket, and the same figures per agent (from turns) and per model (from
// its calls) — what the Prometheus rules of the ops kit ask, answered from the local store.
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
const numOrNull = (v: SQLOutputValue | undefined): number | null => (v === null || v === undefined ? null : n(v));

type Quantiles = Map<string | number | null, { p50: number | null; p95: number | null }>;

/**
 * Nearest-rank p50 and p95 of `value` per `group`, computed by SQLite (one sort, no rows to JS).
 * `source` is a FROM … WHERE … clause with its parameters.
 */
function quantiles(db: DatabaseSync, source: string, params: SQLInputValue[], group: string, value: string): Quantiles {
  const rows = db
    .prepare(
      `SELECT g, min(CASE WHEN rn * 100 >= cnt * 50 THEN v END) AS p50, min(CASE WHEN rn * 100 >= cnt * 95 THEN v END) AS p95
       FROM (SELECT g, v, row_number() OVER (PARTITION BY g ORDER BY v) AS rn, count(*) OVER (PARTITION BY g) AS cnt
             FROM (SELECT ${group} AS g, ${value} AS v ${source}) WHERE v IS NOT NULL)
       GROUP BY g`,
    )
    .all(...params);
  return new Map(rows.map((r) => [r.g as string | number | null, { p50: numOrNull(r.p50), p95: numOrNull(r.p95) }]));
}

function percentiles(durations: Quantiles, ttfts: Quantiles, key: string | number | null): Percentiles {
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

function bucketTrends(db: DatabaseSync, filter: TrendFilter, origin: number, bucketMs: number, count: number) {
  const where = turnWhere(filter);
  const source = `FROM turns ${where.sql}`;
  const bucket = `CAST((start_ms - ${origin}) / ${bucketMs} AS INTEGER)`;
  const sums = db
    .prepare(
      `SELECT ${bucket} AS b, count(*) AS turns, total(has_error) AS errors, total(input_tokens) AS input,
         total(output_tokens) AS output, total(cost_usd) AS cost, count(cost_usd) AS priced
       ${source} GROUP BY b`,
    )
    .all(...where.params);
  const byBucket = new Map(sums.map((r) => [n(r.b), r]));
  const durations = quantiles(db, source, where.params, bucket, 'duration_ms');
  const ttfts = quantiles(db, source, where.params, bucket, 'ttft_ms');
  const failures = db
    .prepare(
      `SELECT ${bucket} AS b, coalesce(error_category, 'unknown') AS category, count(*) AS n
       ${source}${where.sql === '' ? ' WHERE' : ' AND'} has_error = 1 GROUP BY b, category`,
    )
    .all(...where.params);
  const categoryTotals = new Map<string, number>();
  const buckets: TrendBucket[] = Array.from({ length: count }, (_, i) => {
    const r = byBucket.get(i);
    return {
      startMs: origin + i * bucketMs,
      turns: n(r?.turns),
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
  const source = `FROM turns ${where.sql}`;
  const durations = quantiles(db, source, where.params, 'agent_name', 'duration_ms');
  const ttfts = quantiles(db, source, where.params, 'agent_name', 'ttft_ms');
  return db
    .prepare(
      `SELECT agent_name, count(*) AS turns, total(has_error) AS errors, total(input_tokens) AS input,
         total(output_tokens) AS output, total(cost_usd) AS cost, count(cost_usd) AS priced
       ${source} GROUP BY agent_name ORDER BY turns DESC, agent_name`,
    )
    .all(...where.params)
    .map((r) => ({
      agentName: String(r.agent_name),
      turns: n(r.turns),
      errors: n(r.errors),
      inputTokens: n(r.input),
      outputTokens: n(r.output),
      costUsd: costOrNull(r.cost, r.priced),
      ...percentiles(durations, ttfts, String(r.agent_name)),
    }));
}

function modelTrends(db: DatabaseSync, filter: TrendFilter): ModelTrend[] {
  const params: SQLInputValue[] = [];
  const conditions = ['model IS NOT NULL'];
  if (filter.model !== undefined) {
    conditions.push('model = ?');
    params.push(filter.model);
  }
  if (filter.fromMs !== undefined) {
    conditions.push('start_ms >= ?');
    params.push(filter.fromMs);
  }
  if (filter.toMs !== undefined) {
    conditions.push('start_ms <= ?');
    params.push(filter.toMs);
  }
  if (filter.agent !== undefined || filter.service !== undefined) {
    // The calls of the matching turns.
    const turns = turnWhere({ agent: filter.agent, service: filter.service });
    conditions.push(`trace_id IN (SELECT trace_id FROM turns ${turns.sql})`);
    params.push(...turns.params);
  }
  const source = `FROM spans WHERE ${conditions.join(' AND ')}`;
  const durations = quantiles(db, source, params, 'model', 'end_ms - start_ms');
  const ttfts = quantiles(db, source, params, 'model', 'ttft_ms');
  return db
    .prepare(
      `SELECT model, max(provider) AS provider, count(*) AS calls, total(status_code = 2) AS errors,
         total(input_tokens) AS input, total(output_tokens) AS output, total(cost_usd) AS cost, count(cost_usd) AS priced
       ${source} GROUP BY model ORDER BY calls DESC, model`,
    )
    .all(...params)
    .map((r) => ({
      model: String(r.model),
      provider: typeof r.provider === 'string' ? r.provider : null,
      calls: n(r.calls),
      errors: n(r.errors),
      inputTokens: n(r.input),
      outputTokens: n(r.output),
      costUsd: costOrNull(r.cost, r.priced),
      ...percentiles(durations, ttfts, String(r.model)),
    }));
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
