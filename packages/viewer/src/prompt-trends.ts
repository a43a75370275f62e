// Trends per prompt version: the turns whose model calls used each version, on cost, latency
// and scores, over the whole range and per time bucket — two versions side by side.
import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { PromptSeries, PromptTrend, ScoreSummary } from './api-types.js';
import { costOrNull } from './totals-queries.js';
import { percentiles, quantiles, sample, type TrendFilter } from './trends-queries.js';
import { turnWhere } from './turn-queries.js';

const n = (v: SQLOutputValue | undefined): number => (typeof v === 'number' ? v : Number(v ?? 0));
/** One key per prompt version. */
const KEY = 'json_array(p.name, p.version)';

const NO_PERCENTILES = { durationP50Ms: null, durationP95Ms: null, ttftP50Ms: null, ttftP95Ms: null };

function addScore(scores: Record<string, ScoreSummary>, name: string, count: number, sum: number): void {
  const s = scores[name] ?? { count: 0, mean: 0 };
  const total = s.mean * s.count + sum;
  s.count += count;
  s.mean = total / s.count;
  scores[name] = s;
}

export function promptTrends(
  db: DatabaseSync,
  filter: TrendFilter & { fromMs: number; toMs: number },
  origin: number,
  bucketMs: number,
  count: number,
): { byPrompt: PromptTrend[]; promptSeries: PromptSeries[] } {
  const where = turnWhere(filter);
  const from = `FROM turns JOIN turn_prompts p ON p.turn_id = turns.id ${where.sql}`;
  const bucket = `CAST((start_ms - ${origin}) / ${bucketMs} AS INTEGER)`;
  const rows = db
    .prepare(
      `SELECT ${KEY} AS k, p.name AS name, p.version AS version, ${bucket} AS b, count(*) AS n, total(has_error) AS errors,
         total(duration_ms) AS duration, total(input_tokens) AS input, total(output_tokens) AS output,
         total(cost_usd) AS cost, count(cost_usd) AS priced, total(unpriced_calls) AS unpriced
       ${from} GROUP BY k, b`,
    )
    .all(...where.params);
  if (rows.length === 0) return { byPrompt: [], promptSeries: [] };
  const scoreRows = db
    .prepare(
      `SELECT ${KEY} AS k, ${bucket} AS b, e.name AS evaluation, count(*) AS n, total(e.score) AS sum
       FROM (SELECT turns.trace_id AS trace, start_ms, p.name AS name, p.version AS version ${from}) AS p
       JOIN evaluations e ON e.trace_id = p.trace AND e.score IS NOT NULL GROUP BY k, b, evaluation`,
    )
    .all(...where.params);
  const trends = new Map<string, PromptTrend>();
  const series = new Map<string, PromptSeries>();
  const sums = new Map<string, { cost: number; priced: number }>();
  let total = 0;
  for (const r of rows) {
    const k = String(r.k);
    const b = n(r.b);
    total += n(r.n);
    let t = trends.get(k);
    if (t === undefined) {
      const version = { name: String(r.name), version: String(r.version) };
      t = { ...version, turns: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: null, unpricedCalls: 0, scores: {}, ...NO_PERCENTILES };
      trends.set(k, t);
      sums.set(k, { cost: 0, priced: 0 });
      series.set(k, { ...version, buckets: Array.from({ length: count }, () => ({ turns: 0, meanDurationMs: null, costUsd: null, scores: {} })) });
    }
    t.turns += n(r.n);
    t.errors += n(r.errors);
    t.inputTokens += n(r.input);
    t.outputTokens += n(r.output);
    t.unpricedCalls += n(r.unpriced);
    const s = sums.get(k) as { cost: number; priced: number };
    s.cost += n(r.cost);
    s.priced += n(r.priced);
    const slot = series.get(k)?.buckets[b];
    if (slot !== undefined) {
      slot.turns = n(r.n);
      slot.meanDurationMs = n(r.duration) / n(r.n);
      slot.costUsd = costOrNull(r.cost, r.priced);
    }
  }
  for (const r of scoreRows) {
    const k = String(r.k);
    const t = trends.get(k);
    if (t !== undefined) addScore(t.scores, String(r.evaluation), n(r.n), n(r.sum));
    const slot = series.get(k)?.buckets[n(r.b)];
    if (slot !== undefined) addScore(slot.scores, String(r.evaluation), n(r.n), n(r.sum));
  }
  sample(db, `${KEY}, NULL, duration_bin, duration_ms, ttft_bin, ttft_ms`, { sql: from, params: where.params }, total, 'turns.id');
  const durations = quantiles(db, 'g1', 'dbin', 'd');
  const ttfts = quantiles(db, 'g1', 'tbin', 't');
  for (const [k, t] of trends) {
    const s = sums.get(k) as { cost: number; priced: number };
    Object.assign(t, { costUsd: costOrNull(s.cost, s.priced) }, percentiles(durations, ttfts, k));
  }
  const order = (a: { name: string; version: string }, b: { name: string; version: string }) =>
    a.name.localeCompare(b.name) || a.version.localeCompare(b.version, undefined, { numeric: true });
  return { byPrompt: [...trends.values()].sort(order), promptSeries: [...series.values()].sort(order) };
}
