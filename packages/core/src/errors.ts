// error.type and agentspan.error.category from the errors providers and frameworks throw.
import { ERROR_TYPE_OTHER, type ErrorCategory } from '@agentspan/semconv';
import type { ClassifiedError } from './types.js';

type Bag = Record<string, unknown>;
const MAX_DEPTH = 8;

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null;
}

/**
 * The error and its `cause` chain, outermost first. A retry wrapper that keeps the last
 * attempt's error in `lastError` (the AI SDK's RetryError) is followed the same way.
 */
function chain(error: unknown): Bag[] {
  const out: Bag[] = [];
  let current: unknown = error;
  while (isBag(current) && out.length < MAX_DEPTH && !out.includes(current)) {
    out.push(current);
    current = current.cause ?? current.lastError;
  }
  return out;
}

function isErrorLike(value: unknown): value is Bag {
  return value instanceof Error || (isBag(value) && typeof value.name === 'string' && typeof value.message === 'string');
}

/** `error.type`: the innermost cause's name when it is not the generic Error, else its constructor's name. */
export function errorType(error: unknown): string {
  if (!isErrorLike(error)) return ERROR_TYPE_OTHER;
  const errors = chain(error).filter(isErrorLike);
  const inner = errors[errors.length - 1] ?? error;
  const name = inner.name;
  if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  const ctor = (inner as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof ctor === 'string' && ctor !== '' && ctor !== 'Object' ? ctor : 'Error';
}

function statusOf(e: Bag): number | undefined {
  for (const v of [e.status, e.statusCode, (e.response as Bag | undefined)?.status]) {
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 100 && n < 600) return n;
  }
  return undefined;
}

const BY_NAME: Record<string, ErrorCategory> = {
  aborterror: 'cancelled',
  cancelederror: 'cancelled',
  cancellederror: 'cancelled',
  apiuseraborterror: 'cancelled',
  streamabandonederror: 'cancelled',
  runexpirederror: 'timeout',
  timeouterror: 'timeout',
  apiconnectiontimeouterror: 'timeout',
  ratelimiterror: 'rate_limit',
  authenticationerror: 'authentication',
  permissiondeniederror: 'authentication',
  notfounderror: 'not_found',
  nosuchmodelerror: 'not_found',
  budgetexceedederror: 'budget_exceeded',
  contentfiltererror: 'content_filter',
  internalservererror: 'server_error',
  contextlengthexceedederror: 'context_length_exceeded',
};

const BY_CODE: Record<string, ErrorCategory> = {
  context_length_exceeded: 'context_length_exceeded',
  rate_limit_exceeded: 'rate_limit',
  insufficient_quota: 'rate_limit',
  invalid_api_key: 'authentication',
  model_not_found: 'not_found',
  content_filter: 'content_filter',
  content_policy_violation: 'content_filter',
  etimedout: 'timeout',
  esockettimedout: 'timeout',
  und_err_headers_timeout: 'timeout',
  und_err_body_timeout: 'timeout',
  und_err_connect_timeout: 'timeout',
  // undici's 'other side closed': the peer went away mid-request
  und_err_socket: 'server_error',
  econnreset: 'server_error',
  econnrefused: 'server_error',
  abort_err: 'cancelled',
};

const BY_MESSAGE: [RegExp, ErrorCategory][] = [
  [/context[ _-]?length|context window|maximum context|prompt is too long|too many tokens|reduce the length/i, 'context_length_exceeded'],
  [/rate[ _-]?limit|too many requests|quota/i, 'rate_limit'],
  [/content[ _-]?(filter|policy|management)|safety (system|filter)|flagged|blocked by/i, 'content_filter'],
  [/budget/i, 'budget_exceeded'],
  [/\babort(ed)?\b|cancell?ed/i, 'cancelled'],
  [/timed? ?out|timeout|deadline exceeded/i, 'timeout'],
  [/unauthori[sz]ed|invalid api key|incorrect api key|authentication|permission denied|forbidden/i, 'authentication'],
  [/not found|does not exist|no such model/i, 'not_found'],
  [/internal server error|service unavailable|bad gateway|overloaded/i, 'server_error'],
];

function byStatus(status: number, message: string): ErrorCategory | undefined {
  if (status === 429) return 'rate_limit';
  if (status === 401 || status === 403) return 'authentication';
  if (status === 404) return 'not_found';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 413) return 'context_length_exceeded';
  if (status === 499) return 'cancelled';
  if (status >= 500) return 'server_error';
  if (status === 400 || status === 422) {
    for (const [re, category] of BY_MESSAGE.slice(0, 3)) if (re.test(message)) return category;
  }
  return undefined;
}

/** The category of an error: by name, then code, then HTTP status, then message. */
export function errorCategory(error: unknown): ErrorCategory {
  const errors = chain(error);
  for (const e of errors) {
    const name = typeof e.name === 'string' ? BY_NAME[e.name.toLowerCase()] : undefined;
    if (name) return name;
  }
  for (const e of errors) {
    const code = typeof e.code === 'string' ? BY_CODE[e.code.toLowerCase()] : undefined;
    if (code) return code;
    const type = typeof e.type === 'string' ? BY_CODE[e.type.toLowerCase()] : undefined;
    if (type) return type;
  }
  for (const e of errors) {
    const status = statusOf(e);
    if (status !== undefined) {
      const category = byStatus(status, typeof e.message === 'string' ? e.message : '');
      if (category) return category;
    }
  }
  for (const e of errors) {
    if (typeof e.message !== 'string') continue;
    for (const [re, category] of BY_MESSAGE) if (re.test(e.message)) return category;
  }
  if (typeof error === 'string') for (const [re, category] of BY_MESSAGE) if (re.test(error)) return category;
  return 'unknown';
}

export function classifyError(error: unknown): ClassifiedError {
  return { type: errorType(error), category: errorCategory(error) };
}

/** The message of anything thrown, for the exception event. */
export function errorMessage(error: unknown): string {
  if (isBag(error) && typeof error.message === 'string') return error.message;
  try {
    return typeof error === 'string' ? error : JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}

/** Thrown into owners of a stream that nobody read for the idle time. */
export class StreamAbandonedError extends Error {
  constructor(idleMs: number) {
    super(`stream not read for ${idleMs} ms: abandoned`);
    this.name = 'StreamAbandonedError';
  }
}

/** Ends operations whose framework run never reported its end. */
export class RunExpiredError extends Error {
  constructor(ageMs: number) {
    super(`run did not end within ${ageMs} ms`);
    this.name = 'RunExpiredError';
  }
}

/** Bad configuration, thrown at creation. */
export class AgentspanConfigError extends Error {
  constructor(message: string) {
    super(`agentspan: ${message}`);
    this.name = 'AgentspanConfigError';
  }
}

/** The cancellation reason when a caller stops consuming a stream (`return()`). */
export function abortError(message = 'The operation was aborted'): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}
