// Query-string parsing for the JSON API, with 400-worthy errors for bad values.
import { DEFAULT_BUCKETS, MAX_BUCKETS, type TrendFilter } from './trends-queries.js';
import { RANGE_FILTERS, type RangeKey, SORT_KEYS, type SortKey, type TurnFilter } from './turn-queries.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;
const MAX_SEARCH_CHARS = 500;

export class QueryError extends Error {
  override name = 'QueryError';
}

function text(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name);
  return v === null || v === '' ? undefined : v;
}

/** A time bound: milliseconds since the epoch, or an ISO-8601 date. */
export function timeParam(params: URLSearchParams, name: string): number | undefined {
  const v = text(params, name);
  if (v === undefined) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(ms)) throw new QueryError(`${name} must be milliseconds since the epoch or an ISO date`);
  return ms;
}

function intParam(params: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const v = text(params, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new QueryError(`${name} must be an integer between ${min} and ${max}`);
  }
  return n;
}

/** A non-negative decimal number (durations in ms, cost in USD, tokens). */
function amountParam(params: URLSearchParams, name: string): number | undefined {
  const v = text(params, name);
  if (v === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(v)) throw new QueryError(`${name} must be a non-negative number`);
  return Number(v);
}

/** A score bound: any finite decimal number. */
function scoreParam(params: URLSearchParams, name: string): number | undefined {
  const v = text(params, name);
  if (v === undefined) return undefined;
  if (!/^-?\d+(\.\d+)?$/.test(v)) throw new QueryError(`${name} must be a number`);
  return Number(v);
}

function oneOf<T extends string>(params: URLSearchParams, name: string, values: readonly T[], fallback: T): T {
  const v = text(params, name);
  if (v === undefined) return fallback;
  if (!values.includes(v as T)) throw new QueryError(`${name} must be one of ${values.join(', ')}`);
  return v as T;
}

/** API names of the numeric range filters: minDuration / maxDuration (ms), minCost… */
const RANGE_PARAMS: Record<RangeKey, string> = {
  durationMs: 'Duration',
  costUsd: 'Cost',
  tokens: 'Tokens',
  ttftMs: 'Ttft',
};

export function turnFilter(params: URLSearchParams): TurnFilter {
  const errors = text(params, 'errors');
  const filter: TurnFilter = {
    limit: intParam(params, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT),
    offset: intParam(params, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
    sort: oneOf<SortKey>(params, 'sort', SORT_KEYS, 'start'),
    order: oneOf(params, 'order', ['asc', 'desc'] as const, 'desc'),
  };
  const strings = {
    agent: 'agent',
    conversation: 'conversation',
    user: 'user',
    model: 'model',
    service: 'service',
    framework: 'framework',
    errorCategory: 'category',
    prompt: 'prompt',
    evaluation: 'evaluation',
  } as const;
  for (const [key, name] of Object.entries(strings) as [keyof typeof strings, string][]) {
    const v = text(params, name);
    if (v !== undefined) filter[key] = v;
  }
  const search = text(params, 'q');
  if (search !== undefined) {
    if (search.length > MAX_SEARCH_CHARS) throw new QueryError(`q must be at most ${MAX_SEARCH_CHARS} characters`);
    filter.search = search;
  }
  const fromMs = timeParam(params, 'from');
  const toMs = timeParam(params, 'to');
  if (errors === '1' || errors === 'true') filter.errorsOnly = true;
  if (fromMs !== undefined) filter.fromMs = fromMs;
  if (toMs !== undefined) filter.toMs = toMs;
  // Scores may be negative (an evaluator's scale is its own).
  const minScore = scoreParam(params, 'minScore');
  const maxScore = scoreParam(params, 'maxScore');
  if (minScore !== undefined) filter.minScore = minScore;
  if (maxScore !== undefined) filter.maxScore = maxScore;
  for (const key of Object.keys(RANGE_FILTERS) as RangeKey[]) {
    const min = amountParam(params, `min${RANGE_PARAMS[key]}`);
    const max = amountParam(params, `max${RANGE_PARAMS[key]}`);
    if (min !== undefined) filter.min = { ...filter.min, [key]: min };
    if (max !== undefined) filter.max = { ...filter.max, [key]: max };
  }
  return filter;
}

export function trendFilter(params: URLSearchParams): TrendFilter {
  const filter: TrendFilter = { buckets: intParam(params, 'buckets', DEFAULT_BUCKETS, 1, MAX_BUCKETS) };
  for (const key of ['agent', 'model', 'service'] as const) {
    const v = text(params, key);
    if (v !== undefined) filter[key] = v;
  }
  const fromMs = timeParam(params, 'from');
  const toMs = timeParam(params, 'to');
  if (fromMs !== undefined) filter.fromMs = fromMs;
  if (toMs !== undefined) filter.toMs = toMs;
  return filter;
}
