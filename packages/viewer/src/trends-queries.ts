// Trends over a time range: turns, p50/p95 latency and TTFT, tokens, cost and errors by
// category per time bucket, and the same figures per agent (from turns) and per model (from
// its calls) — what the Prometheus rules of the ops kit ask, answered from the local store.
// Percentiles come from the log-scale bins stored with every turn and call (histogram.ts):
// SQLite groups a covering index by bin, no value is sorted or sent to JavaScript.
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

/**
 * p50 and p95 of `value` per `group`: bins are counted per group, then only the bins where the
 * two ranks fall come back, and the value is interpolated within its bin (exact when the bin
 * holds one distinct value). `sums` (SQL aggregates named with AS) are added up per group in
 * the same scan; with sums, every row must have a value (durations do).
 */
function quantiles(
  db: DatabaseSync,
  source: Source,
  group: string,
  bin: string,
  value: string,
  sums = '',
): { quantiles: Quantiles; sums: Map<Key, Record<string, number>> } {
  const where = sums !== '' ? source.sql : `${source.sql}${/\bWHERE\b/.test(source.sql) ? ' AND' : ' WHERE'} ${value} IS NOT NULL`;
  const names = [...sums.matchAll(/\bAS (\w+)/g)].map((m) => m[1] as string);
  const sumsJson = `json_object('n', total(n)${names.map((x) => `, '${x}', total(${x})`).join('')})`;
  const rows = db
    .prepare(
      `WITH h AS MATERIALIZED (
         SELECT ${group} AS g, ${bin} AS bin, count(*) AS n, min(${value}) AS lo, max(${value}) AS hi${sums ? `, ${sums}` : ''}
         ${where} GROUP BY g, bin),
       c AS (SELECT g, bin, n, lo, hi, sum(n) OVER (PARTITION BY g ORDER BY bin ROWS UNBOUNDED PRECEDING) AS cum,
               sum(n) OVER (PARTITION BY g) AS total FROM h),
       r AS (SELECT *, (total * 50 + 99) / 100 AS r50, (total * 95 + 99) / 100 AS r95 FROM c)
       SELECT g, 50 AS p, n, lo, hi, cum, r50 AS rank, NULL AS sums FROM r WHERE cum >= r50 AND cum - n < r50
       UNION ALL
       SELECT g, 95 AS p, n, lo, hi, cum, r95 AS rank, NULL AS sums FROM r WHERE cum >= r95 AND cum - n < r95
       ${sums ? `UNION ALL SELECT g, 0 AS p, NULL, NULL, NULL, NULL, NULL, ${sumsJson} AS sums FROM h GROUP BY g` : ''}`,
    )
    .all(...source.params);
  const result: Quantiles = new Map();
  const totals = new Map<Key, Record<string, number>>();
  for (const row of rows) {
    const key = row.g as Key;
    if (n(row.p) === 0) {
      totals.set(key, JSON.parse(String(row.sums)) as Record<string, number>);
      continue;
    }
    const count = n(row.n);
    const position = n(row.rank) - (n(row.cum) - count) - 1;
    const lo = n(row.lo);
    const hi = n(row.hi);
    const v = count <= 1 || hi === lo ? lo : lo + ((hi - lo) * position) / (count - 1);
    const entry = result.get(key) ?? { p50: null, p95: null };
    if (n(row.p) === 50) entry.p50 = v;
    else entry.p95 = v;
    result.set(key, entry);
  }
  return { quantiles: result, sums: totals };
}

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

/** Per-group sums of turns, computed in the scan that counts duration bins. */
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
  const durations = quantiles(db, source, bucket, 'duration_bin', 'duration_ms', TURN_SUMS);
  const ttfts = quantiles(db, source, bucket, 'ttft_bin', 'ttft_ms');
  const failures = db
    .prepare(
      `SELECT ${bucket} AS b, coalesce(error_category, 'unknown') AS category, count(*) AS n
       ${source.sql}${where.sql === '' ? ' WHERE' : ' AND'} has_error = 1 GROUP BY b, category`,
    )
    .all(...where.params);
  const categoryTotals = new Map<string, number>();
  const buckets: TrendBucket[] = Array.from({ length: count }, (_, i) => {
    const r = durations.sums.get(i);
    return {
      startMs: origin + i * bucketMs,
      turns: n(r?.n),
      errors: n(r?.errors),
      errorsByCategory: {},
      inputTokens: n(r?.input),
      outputTokens: n(r?.output),
      costUsd: r === undefined ? null : costOrNull(r.cost, r.priced),
      ...percentiles(durations.quantiles, ttfts.quantiles, i),
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
  const durations = quantiles(db, source, 'agent_name', 'duration_bin', 'duration_ms', TURN_SUMS);
  const ttfts = quantiles(db, source, 'agent_name', 'ttft_bin', 'ttft_ms');
  return [...durations.sums]
    .map(([agent, r]) => ({
      agentName: String(agent),
      turns: n(r.n),
      errors: n(r.errors),
      inputTokens: n(r.input),
      outputTokens: n(r.output),
      costUsd: costOrNull(r.cost, r.priced),
      ...percentiles(durations.quantiles, ttfts.quantiles, agent),
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
    // The calls of the matching turns.
    const turns = turnWhere({ agent: filter.agent, service: filter.service });
    conditions.push(`trace_id IN (SELECT trace_id FROM turns ${turns.sql})`);
    params.push(...turns.params);
  }
  const source = { sql: `FROM spans WHERE ${conditions.join(' AND ')}`, params };
  const durations = quantiles(
    db,
    source,
    'model',
    'duration_bin',
    'end_ms - start_ms',
    'total(status_code = 2) AS errors, total(input_tokens) AS input, total(output_tokens) AS output, total(cost_usd) AS cost, count(cost_usd) AS priced',
  );
  const providers = new Map(
    db
      .prepare(`SELECT model, max(provider) AS provider ${source.sql} GROUP BY model`)
      .all(...params)
      .map((r) => [r.model as Key, typeof r.provider === 'string' ? r.provider : null]),
  );
  const ttfts = quantiles(db, source, 'model', 'ttft_bin', 'ttft_ms');
  return [...durations.sums]
    .map(([model, r]) => ({
      model: String(model),
      provider: providers.get(model) ?? null,
      calls: n(r.n),
      errors: n(r.errors),
      inputTokens: n(r.input),
      outputTokens: n(r.output),
      costUsd: costOrNull(r.cost, r.priced),
      ...percentiles(durations.quantiles, ttfts.quantiles, model),
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
