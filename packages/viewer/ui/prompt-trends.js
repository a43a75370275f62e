// The trends page split by prompt version, when turns of the range used named prompts: latency,
// cost per turn and mean score per version over time, and a table comparing the versions.
import { createChart } from './charts.js';
import { promptLabel } from './evaluations.js';
import { formatDuration, formatInt, formatKnownCost } from './format.js';

const COLORS = ['var(--bar-model)', 'var(--bar-agent)', 'var(--bar-tool)', 'var(--bar-retrieval)', 'var(--bar-memory)', 'var(--bar-http)'];

/** The evaluation whose score the charts follow: user feedback when there is some, else the most scored. */
export function chartedEvaluation(byPrompt) {
  const counts = new Map();
  for (const p of byPrompt) for (const [name, s] of Object.entries(p.scores)) counts.set(name, (counts.get(name) ?? 0) + s.count);
  if (counts.has('user_feedback')) return 'user_feedback';
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/** Charts of each prompt version per bucket; [] when no turn used a named prompt. */
export function promptCharts(trends, { compactDuration, compactCost }) {
  const { promptSeries, buckets, bucketMs } = trends;
  if (!promptSeries?.length) return [];
  const perVersion = (value) =>
    promptSeries.map((p, i) => ({ label: promptLabel(p), color: COLORS[i % COLORS.length], value: (_, index) => value(p.buckets[index]) }));
  // Series values are read by bucket index: wrap the buckets with theirs.
  const indexed = buckets.map((b, index) => ({ ...b, index }));
  const series = (value) => perVersion(value).map((s) => ({ ...s, value: (b) => s.value(b, b.index) }));
  const evaluation = chartedEvaluation(trends.byPrompt);
  const charts = [
    createChart({
      title: 'Latency by prompt version (mean)',
      testId: 'chart-prompt-latency',
      buckets: indexed,
      bucketMs,
      kind: 'lines',
      format: compactDuration,
      series: series((b) => b?.meanDurationMs ?? null),
    }),
    createChart({
      title: 'Cost per turn by prompt version',
      testId: 'chart-prompt-cost',
      buckets: indexed,
      bucketMs,
      kind: 'lines',
      format: compactCost,
      series: series((b) => (b?.costUsd === null || b?.costUsd === undefined || !b.turns ? null : b.costUsd / b.turns)),
    }),
  ];
  if (evaluation !== null) {
    charts.push(
      createChart({
        title: `Mean score by prompt version · ${evaluation}`,
        testId: 'chart-prompt-score',
        buckets: indexed,
        bucketMs,
        kind: 'lines',
        format: (v) => String(Number(v.toPrecision(3))),
        series: series((b) => b?.scores[evaluation]?.mean ?? null),
      }),
    );
  }
  return charts;
}

const scoreCell = (r) => {
  const entries = Object.entries(r.scores);
  return entries.length ? entries.map(([name, s]) => `${name} ${Number(s.mean.toPrecision(3))} (${formatInt(s.count)})`).join(', ') : '—';
};

export const PROMPT_COLUMNS = [
  ['Prompt version', promptLabel],
  ['Turns', (r) => formatInt(r.turns), true],
  ['Failed', (r) => formatInt(r.errors), true],
  ['p50', (r) => formatDuration(r.durationP50Ms), true],
  ['p95', (r) => formatDuration(r.durationP95Ms), true],
  ['Cost per turn', (r) => (r.costUsd === null ? formatKnownCost(null, r.unpricedCalls) : formatKnownCost(r.costUsd / r.turns, 0)), true],
  ['Mean score (count)', scoreCell],
];
