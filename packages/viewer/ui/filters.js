// The list's filters and sort: their state lives in the URL query (so reload, Back and shared
// links keep it), in the API's own parameter names and units (ms, USD).

export const RANGES = [
  { id: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 60 * 60_000 },
  { id: '6h', label: 'Last 6 hours', ms: 6 * 60 * 60_000 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 60 * 60_000 },
  { id: 'today', label: 'Today', ms: null },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * 60 * 60_000 },
  { id: 'all', label: 'All time', ms: null },
];
/** Text filters: URL key = API parameter. */
export const TEXT_KEYS = ['q', 'agent', 'conversation', 'user', 'model', 'service', 'framework', 'category', 'prompt', 'evaluation'];
/** Numeric ranges: URL key = API parameter (durations in ms, cost in USD). */
export const NUMBER_KEYS = ['minDuration', 'maxDuration', 'minTtft', 'maxTtft', 'minCost', 'maxCost', 'minTokens', 'maxTokens', 'minScore', 'maxScore'];
export const SORTS = ['start', 'duration', 'ttft', 'tokens', 'cost', 'error'];

const isAmount = (text) => /^\d+(\.\d+)?$/.test(text);

/** The filters a query string stands for (unknown or malformed values are dropped). */
export function readFilters(search) {
  const query = new URLSearchParams(search);
  const filters = { errors: query.get('errors') === '1', range: 'all', sort: 'start', order: 'desc' };
  for (const key of TEXT_KEYS) filters[key] = query.get(key) ?? '';
  for (const key of NUMBER_KEYS) {
    const value = query.get(key) ?? '';
    filters[key] = isAmount(value) ? value : '';
  }
  const range = query.get('range');
  if (RANGES.some((r) => r.id === range)) filters.range = range;
  // An explicit window (from a trends chart): epoch milliseconds.
  for (const key of ['from', 'to']) {
    const value = query.get(key) ?? '';
    filters[key] = /^\d+$/.test(value) ? value : '';
  }
  const sort = query.get('sort');
  if (SORTS.includes(sort)) filters.sort = sort;
  if (query.get('order') === 'asc') filters.order = 'asc';
  return filters;
}

/** The query string that stands for `filters` (defaults left out). */
export function filtersToQuery(filters) {
  const query = new URLSearchParams();
  for (const key of TEXT_KEYS) if (filters[key]) query.set(key, filters[key]);
  if (filters.errors) query.set('errors', '1');
  for (const key of NUMBER_KEYS) if (filters[key]) query.set(key, filters[key]);
  if (filters.range !== 'all') query.set('range', filters.range);
  if (filters.from) query.set('from', filters.from);
  if (filters.to) query.set('to', filters.to);
  if (filters.sort !== 'start') query.set('sort', filters.sort);
  if (filters.order !== 'desc') query.set('order', filters.order);
  return query;
}

function startOfToday(now) {
  const day = new Date(now);
  day.setHours(0, 0, 0, 0);
  return day.getTime();
}

/** The time window of the filters, computed now: { from?, to? } in epoch ms. */
export function rangeWindow(filters, now = Date.now()) {
  const window = {};
  if (filters.range === 'today') window.from = startOfToday(now);
  else {
    const range = RANGES.find((r) => r.id === filters.range);
    if (range?.ms) window.from = Math.floor(now - range.ms);
  }
  if (filters.from) window.from = Math.max(window.from ?? 0, Number(filters.from));
  if (filters.to) window.to = Number(filters.to);
  return window;
}

/** A label for the window: "Today", "Last hour", or the explicit dates. */
export function rangeLabel(filters, formatTime) {
  if (filters.from || filters.to) {
    return `${filters.from ? formatTime(Number(filters.from)) : 'the start'} – ${filters.to ? formatTime(Number(filters.to)) : 'now'}`;
  }
  return RANGES.find((r) => r.id === filters.range)?.label ?? '';
}

/** The API parameters of /api/turns for `filters`. */
export function turnQuery(filters, now = Date.now()) {
  const params = { ...rangeWindow(filters, now) };
  for (const key of TEXT_KEYS) if (filters[key]) params[key] = filters[key];
  for (const key of NUMBER_KEYS) if (filters[key]) params[key] = filters[key];
  if (filters.errors) params.errors = 1;
  if (filters.sort !== 'start') params.sort = filters.sort;
  if (filters.order !== 'desc') params.order = filters.order;
  return params;
}

export function hasActiveFilters(filters) {
  return (
    TEXT_KEYS.some((key) => filters[key]) ||
    NUMBER_KEYS.some((key) => filters[key]) ||
    filters.errors ||
    filters.range !== 'all' ||
    Boolean(filters.from || filters.to)
  );
}
