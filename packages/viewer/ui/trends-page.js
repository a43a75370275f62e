// Trends over the selected time range: turns and failures by category, p50/p95 latency and
// time to first token, tokens and cost per time bucket — for all agents or one agent, model
// or service — and the same figures per agent, per model and (split) per prompt version. A click on a bucket of the turns
// chart opens the list of its turns.
import { fetchFacets, fetchTrends } from './api.js';
import { createChart } from './charts.js';
import { h, replaceChildren } from './dom.js';
import { RANGES, rangeWindow } from './filters.js';
import { costNote, formatCost, formatDuration, formatInt, formatKnownCost } from './format.js';
import { PROMPT_COLUMNS, promptCharts } from './prompt-trends.js';
import { navigate, pushQuery } from './router.js';
import { toText } from './text.js';

const POLL_MS = 30_000;
const KEYS = ['agent', 'model', 'service'];
/** Colours of the error categories (in order of frequency), then the turns that succeeded. */
const CATEGORY_COLORS = ['var(--error)', 'var(--bar-tool)', 'var(--bar-memory)', 'var(--bar-retrieval)', 'var(--bar-http)', 'var(--bar-other)'];

function readState(search) {
  const query = new URLSearchParams(search);
  const state = { range: RANGES.some((r) => r.id === query.get('range')) ? query.get('range') : '24h' };
  for (const key of KEYS) state[key] = query.get(key) ?? '';
  return state;
}

function stateQuery(state) {
  const query = new URLSearchParams();
  if (state.range !== '24h') query.set('range', state.range);
  for (const key of KEYS) if (state[key]) query.set(key, state[key]);
  return query;
}

const compactCost = (usd) => (usd >= 1 ? `$${usd.toFixed(2)}` : formatCost(Number(usd.toPrecision(2))));
const compactInt = (n) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e4 ? `${Math.round(n / 1e3)}k` : Number.isInteger(n) ? formatInt(n) : n.toFixed(1);
/** Axis durations: 850 ms, 12 s, 1.7 min (short enough for the axis). */
const compactDuration = (ms) => (ms < 1000 ? `${Math.round(ms)} ms` : ms < 100_000 ? `${Number((ms / 1000).toPrecision(3))} s` : `${Number((ms / 60_000).toPrecision(3))} min`);

function charts(trends, state) {
  const { buckets, bucketMs, categories } = trends;
  const openBucket = (bucket) => {
    const query = new URLSearchParams({ from: String(Math.floor(bucket.startMs)), to: String(Math.floor(bucket.startMs + bucketMs - 1)) });
    for (const key of ['agent', 'model', 'service']) if (state[key]) query.set(key, state[key]);
    navigate(`/?${query}`);
  };
  return [
    createChart({
      title: 'Turns and failures',
      note: '(click a bar for its turns)',
      testId: 'chart-turns',
      buckets,
      bucketMs,
      kind: 'bars',
      format: compactInt,
      onSelect: openBucket,
      series: [
        { label: 'succeeded', color: 'var(--ok)', value: (b) => b.turns - b.errors },
        ...categories.map((category, i) => ({
          label: `failed · ${category}`,
          color: CATEGORY_COLORS[i % CATEGORY_COLORS.length],
          value: (b) => b.errorsByCategory[category] ?? 0,
        })),
      ],
    }),
    createChart({
      title: 'Latency of turns',
      testId: 'chart-latency',
      buckets,
      bucketMs,
      kind: 'lines',
      format: compactDuration,
      series: [
        { label: 'p50', color: 'var(--bar-model)', value: (b) => b.durationP50Ms },
        { label: 'p95', color: 'var(--bar-agent)', value: (b) => b.durationP95Ms },
      ],
    }),
    createChart({
      title: 'Time to first token',
      testId: 'chart-ttft',
      buckets,
      bucketMs,
      kind: 'lines',
      format: compactDuration,
      series: [
        { label: 'p50', color: 'var(--bar-retrieval)', value: (b) => b.ttftP50Ms },
        { label: 'p95', color: 'var(--bar-tool)', value: (b) => b.ttftP95Ms },
      ],
    }),
    createChart({
      title: 'Tokens',
      testId: 'chart-tokens',
      buckets,
      bucketMs,
      kind: 'bars',
      format: compactInt,
      series: [
        { label: 'input', color: 'var(--bar-model)', value: (b) => b.inputTokens },
        { label: 'output', color: 'var(--bar-agent)', value: (b) => b.outputTokens },
      ],
    }),
    createChart({
      title: 'Cost (USD)',
      note: '(calls without a known price not counted)',
      testId: 'chart-cost',
      buckets,
      bucketMs,
      kind: 'bars',
      format: compactCost,
      series: [{ label: 'cost', color: 'var(--bar-tool)', value: (b) => b.costUsd }],
    }),
  ];
}

function table(caption, testId, columns, rows) {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'totals-table', 'data-testid': testId },
      h('caption', null, caption),
      h('thead', null, h('tr', null, columns.map(([label, , numeric]) => h('th', { scope: 'col', class: numeric ? 'num' : '' }, label)))),
      h(
        'tbody',
        null,
        rows.length === 0
          ? h('tr', null, h('td', { colspan: columns.length, class: 'muted' }, 'Nothing in this range'))
          : rows.map((row) =>
              h(
                'tr',
                { 'data-testid': `${testId}-row` },
                columns.map(([, value, numeric], i) => h(i === 0 ? 'th' : 'td', { class: numeric ? 'num' : '', scope: i === 0 ? 'row' : undefined }, value(row))),
              ),
            ),
      ),
    ),
  );
}

const PERCENTILE_COLUMNS = [
  ['p50', (r) => formatDuration(r.durationP50Ms), true],
  ['p95', (r) => formatDuration(r.durationP95Ms), true],
  ['TTFT p50', (r) => formatDuration(r.ttftP50Ms), true],
  ['TTFT p95', (r) => formatDuration(r.ttftP95Ms), true],
  ['Tokens in / out', (r) => `${formatInt(r.inputTokens)} / ${formatInt(r.outputTokens)}`, true],
  ['Cost', (r) => h('span', { title: costNote(r.costUsd, r.unpricedCalls) || undefined }, formatKnownCost(r.costUsd, r.unpricedCalls)), true],
];
const AGENT_COLUMNS = [['Agent', (r) => r.agentName], ['Turns', (r) => formatInt(r.turns), true], ['Failed', (r) => formatInt(r.errors), true], ...PERCENTILE_COLUMNS];
const MODEL_COLUMNS = [
  ['Model', (r) => r.model],
  ['Provider', (r) => r.provider ?? '—'],
  ['Calls', (r) => formatInt(r.calls), true],
  ['Failed', (r) => formatInt(r.errors), true],
  ...PERCENTILE_COLUMNS,
];

export function mountTrendsPage(main) {
  document.title = 'Trends · agentspan viewer';
  let state = readState(location.search);
  const controller = new AbortController();
  let timer = 0;
  const selects = {};
  const control = (key, label, allLabel) => {
    const select = h('select', { id: `trend-${key}`, 'data-testid': `trend-${key}` }, h('option', { value: '' }, allLabel));
    select.addEventListener('change', () => {
      state = { ...state, [key]: select.value };
      pushQuery(stateQuery(state));
      load();
    });
    selects[key] = { select, allLabel };
    return h('div', { class: 'filter' }, h('label', { for: `trend-${key}` }, label), select);
  };
  const range = h(
    'select',
    { id: 'trend-range', 'data-testid': 'trend-range' },
    RANGES.map((r) => h('option', { value: r.id, selected: r.id === state.range }, r.label)),
  );
  range.addEventListener('change', () => {
    state = { ...state, range: range.value };
    pushQuery(stateQuery(state));
    load();
  });
  const summary = h('p', { class: 'count', 'data-testid': 'trend-summary', 'aria-live': 'polite' }, 'Loading…');
  const body = h('div', { class: 'trends-body' });
  const error = h('p', { class: 'error-banner', role: 'alert', hidden: true });
  const page = h(
    'section',
    { class: 'trends-page', 'data-testid': 'trends-page' },
    h('div', { class: 'page-head' }, h('h1', null, 'Trends'), summary),
    h(
      'form',
      { class: 'filters', onSubmit: (e) => e.preventDefault() },
      h(
        'div',
        { class: 'filter-row' },
        h('div', { class: 'filter' }, h('label', { for: 'trend-range' }, 'Time range'), range),
        control('agent', 'Agent', 'All agents'),
        control('model', 'Model', 'All models'),
        control('service', 'Service', 'All services'),
      ),
    ),
    error,
    body,
  );
  replaceChildren(main, page);

  fetchFacets(controller.signal).then(
    (facets) => {
      for (const [key, facet] of [['agent', 'agents'], ['model', 'models'], ['service', 'services']]) {
        const { select, allLabel } = selects[key];
        const values = facets[facet] ?? [];
        const list = state[key] && !values.includes(state[key]) ? [state[key], ...values] : values;
        replaceChildren(select, h('option', { value: '' }, allLabel), list.map((v) => h('option', { value: v, selected: v === state[key] }, v)));
      }
    },
    () => {},
  );

  let generation = 0;
  async function load() {
    clearTimeout(timer);
    const mine = ++generation;
    const params = { ...rangeWindow(state) };
    for (const key of KEYS) if (state[key]) params[key] = state[key];
    try {
      const trends = await fetchTrends(params, controller.signal);
      if (mine !== generation) return;
      error.hidden = true;
      const turns = trends.buckets.reduce((sum, b) => sum + b.turns, 0);
      const errors = trends.buckets.reduce((sum, b) => sum + b.errors, 0);
      const priced = trends.buckets.filter((b) => b.costUsd !== null);
      const cost = priced.reduce((sum, b) => sum + b.costUsd, 0);
      summary.textContent = `${formatInt(turns)} turns, ${formatInt(errors)} failed${priced.length ? `, ${formatCost(cost)} (calls with a known price)` : ''}`;
      replaceChildren(
        body,
        h('div', { class: 'chart-grid-layout' }, charts(trends, state), promptCharts(trends, { compactDuration, compactCost })),
        h(
          'div',
          { class: 'totals-body' },
          table('Per agent', 'trend-agents', AGENT_COLUMNS, trends.byAgent),
          table('Per model (its calls)', 'trend-models', MODEL_COLUMNS, trends.byModel),
          trends.byPrompt?.length ? table('Per prompt version (turns that used it)', 'trend-prompts', PROMPT_COLUMNS, trends.byPrompt) : null,
        ),
      );
      page.dataset.state = 'ready';
    } catch (failure) {
      if (failure?.name === 'AbortError' || mine !== generation) return;
      error.textContent = `Could not load the trends: ${toText(failure?.message)}`;
      error.hidden = false;
    }
    timer = setTimeout(load, POLL_MS);
  }
  load();

  return () => {
    controller.abort();
    clearTimeout(timer);
  };
}
