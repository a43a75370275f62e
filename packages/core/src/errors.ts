// error.type and agentspan.error.category from the errors providers and frameworks throw.
// Whatever is thrown is read defensively: a throwing getter, a revoked Proxy or a cycle
// only makes a field unknown, and classification itself never throws.
import { ERROR_TYPE_OTHER, type ErrorCategory } from '@agentspan/semconv';
import type { ClassifiedError } from './types.js';

type Bag = Record<string, unknown>;
const MAX_DEPTH = 8;
// Classification reads only the start of a message: a huge one costs no more than this.
const MAX_MESSAGE_SCAN = 2048;

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null;
}

/** value[key], or undefined when reading it throws (a getter, a revoked Proxy). */
function read(value: Bag, key: string): unknown {
  try {
    return value[key];
  } catch {
    return undefined;
  }
}

function readString(value: Bag, key: string): string | undefined {
  const v = read(value, key);
  return typeof v === 'string' ? v : undefined;
}

function isError(value: unknown): boolean {
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
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
    current = read(current, 'cause') ?? read(current, 'lastError');
  }
  return out;
}

function isErrorLike(value: unknown): value is Bag {
  return isError(value) || (isBag(value) && readString(value, 'name') !== undefined && readString(value, 'message') !== undefined);
}

function constructorName(value: Bag): unknown {
  const ctor = read(value, 'constructor');
  return typeof ctor === 'function' ? read(ctor as unknown as Bag, 'name') : undefined;
}

/** `error.type`: the innermost cause's name when it is not the generic Error, else its constructor's name. */
export function errorType(error: unknown): string {
  try {
    if (!isErrorLike(error)) return ERROR_TYPE_OTHER;
    const errors = chain(error).filter(isErrorLike);
    const inner = errors[errors.length - 1] ?? error;
    const name = read(inner, 'name');
    if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
    const ctor = constructorName(inner);
    return typeof ctor === 'string' && ctor !== '' && ctor !== 'Object' ? ctor : 'Error';
  } catch {
    return ERROR_TYPE_OTHER;
  }
}

function statusOf(e: Bag): number | undefined {
  const response = read(e, 'response');
  for (const v of [read(e, 'status'), read(e, 'statusCode'), isBag(response) ? read(response, 'status') : undefined]) {
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 100 && n < 600) return n;
  }
  return undefined;
}

/** A table's entry for a key, never an inherited property ("constructor", "__proto__"). */
function lookup<T>(table: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
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

/** A guardrail's tripwire (e.g. InputGuardrailTripwireTriggered, GuardrailTrippedError). */
const GUARDRAIL_TRIPPED = /tripwire|guardrail.*trip/i;

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

function byMessage(message: string): ErrorCategory | undefined {
  const head = message.length > MAX_MESSAGE_SCAN ? message.slice(0, MAX_MESSAGE_SCAN) : message;
  for (const [re, category] of BY_MESSAGE) if (re.test(head)) return category;
  return undefined;
}

function lower(value: string | undefined): string | undefined {
  return value === undefined || value.length > 64 ? undefined : value.toLowerCase();
}

/** The category of an error: by name, then code, then HTTP status, then message. */
export function errorCategory(error: unknown): ErrorCategory {
  try {
    return categoryOf(error);
  } catch {
    return 'unknown';
  }
}

function categoryOf(error: unknown): ErrorCategory {
  const errors = chain(error);
  for (const e of errors) {
    const raw = readString(e, 'name');
    const name = lookup(BY_NAME, lower(raw));
    if (name) return name;
    if (raw !== undefined && raw.length <= 64 && GUARDRAIL_TRIPPED.test(raw)) return 'guardrail_tripped';
  }
  for (const e of errors) {
    const code = lookup(BY_CODE, lower(readString(e, 'code')));
    if (code) return code;
    const type = lookup(BY_CODE, lower(readString(e, 'type')));
    if (type) return type;
  }
  for (const e of errors) {
    const status = statusOf(e);
    if (status !== undefined) {
      const message = readString(e, 'message') ?? '';
      const category = byStatus(status, message.length > MAX_MESSAGE_SCAN ? message.slice(0, MAX_MESSAGE_SCAN) : message);
      if (category) return category;
    }
  }
  for (const e of errors) {
    const message = readString(e, 'message');
    const category = message === undefined ? undefined : byMessage(message);
    if (category) return category;
  }
  if (typeof error === 'string') return byMessage(error) ?? 'unknown';
  return 'unknown';
}

/** Never throws: whatever is thrown gets a type and a category (`_OTHER` / unknown at worst). */
export function classifyError(error: unknown): ClassifiedError {
  return { type: errorType(error), category: errorCategory(error) };
}

/** The message of anything thrown, for the exception event; never throws. */
export function errorMessage(error: unknown): string {
  try {
    if (isBag(error)) {
      const message = read(error, 'message');
      if (typeof message === 'string') return message;
    }
    return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
  } catch {
    try {
      return String(error);
    } catch {
      return `[unprintable ${typeof error}]`;
    }
  }
}

/** The stack of an Error, if it has a readable one. */
export function errorStack(error: unknown): string | undefined {
  if (!isError(error)) return undefined;
  const stack = read(error as Bag, 'stack');
  return typeof stack === 'string' ? stack : undefined;
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

/** A fault met while reading configuration (a throwing getter, a revoked Proxy), as a config error. */
export function asConfigError(error: unknown): AgentspanConfigError {
  if (error instanceof AgentspanConfigError) return error;
  const wrapped = new AgentspanConfigError(`the configuration could not be read: ${errorMessage(error)}`);
  wrapped.cause = error;
  return wrapped;
}

/** The cancellation reason when a caller stops consuming a stream (`return()`). */
export function abortError(message = 'The operation was aborted'): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}
