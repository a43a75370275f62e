// Query-string parsing for the JSON API, with 400-worthy errors for bad values.
import type { TurnFilter } from './turn-queries.js';

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 10_000;

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

export function turnFilter(params: URLSearchParams): TurnFilter {
  const errors = text(params, 'errors');
  const filter: TurnFilter = {
    limit: intParam(params, 'limit', DEFAULT_LIMIT, 1, MAX_LIMIT),
    offset: intParam(params, 'offset', 0, 0, Number.MAX_SAFE_INTEGER),
  };
  const agent = text(params, 'agent');
  const conversation = text(params, 'conversation');
  const user = text(params, 'user');
  const model = text(params, 'model');
  const fromMs = timeParam(params, 'from');
  const toMs = timeParam(params, 'to');
  if (agent !== undefined) filter.agent = agent;
  if (conversation !== undefined) filter.conversation = conversation;
  if (user !== undefined) filter.user = user;
  if (model !== undefined) filter.model = model;
  if (errors === '1' || errors === 'true') filter.errorsOnly = true;
  if (fromMs !== undefined) filter.fromMs = fromMs;
  if (toMs !== undefined) filter.toMs = toMs;
  return filter;
}
