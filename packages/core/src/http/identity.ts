// Conversation and user ids of an HTTP request: from a header (default) or a function.
import type { TurnIdentity } from '../types.js';

/** The part of a request every Node HTTP framework exposes (IncomingMessage, Fastify's request). */
export interface HttpRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * Where one id comes from: a header name, a function of the request, or `false` (never).
 * A function may throw or return a non-string: the id is then left unset.
 */
export type IdSource<Req> = string | false | ((req: Req) => string | undefined | null);

export interface RequestIdentityOptions<Req> {
  /** Default: the `x-conversation-id` header. */
  conversationId?: IdSource<Req>;
  /** Default: the `x-user-id` header. */
  userId?: IdSource<Req>;
}

export const DEFAULT_CONVERSATION_ID_HEADER = 'x-conversation-id';
export const DEFAULT_USER_ID_HEADER = 'x-user-id';
/** Longer ids are cut: a header is user input and ends up on every span. */
export const MAX_ID_LENGTH = 256;

function clean(value: unknown): string | undefined {
  if (Array.isArray(value)) value = value[0];
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return trimmed.length > MAX_ID_LENGTH ? trimmed.slice(0, MAX_ID_LENGTH) : trimmed;
}

type Headers = HttpRequestLike['headers'];

function read<Req extends HttpRequestLike>(req: Req, headers: Headers, source: IdSource<Req> | undefined, fallback: string): string | undefined {
  if (source === false) return undefined;
  if (typeof source === 'function') {
    try {
      return clean(source(req));
    } catch {
      return undefined;
    }
  }
  return clean(headers[source === undefined ? fallback : source.toLowerCase()]);
}

/** Checks the options once at start-up; a wrong type is a configuration error. */
export function validateIdentityOptions(options: RequestIdentityOptions<never> | undefined): string | undefined {
  for (const key of ['conversationId', 'userId'] as const) {
    const source: unknown = options?.[key];
    if (source === undefined || source === false || typeof source === 'function') continue;
    if (typeof source !== 'string' || source.trim() === '') {
      return `${key} must be a header name, a function of the request or false`;
    }
  }
  return undefined;
}

/** The identity of a request without ids: shared, read-only. */
const NO_IDS: TurnIdentity = Object.freeze({});

/**
 * The request's ids for its trace: a request without ids gets one shared, frozen object
 * (what a request's trace keeps survives a scavenge with it, so each object costs).
 * `headers`: the request's, when the caller has read them already (on Node's request
 * objects each read of `headers` is a getter call that misses every inline cache).
 */
export function requestIdentity<Req extends HttpRequestLike>(
  req: Req,
  options: RequestIdentityOptions<Req> | undefined,
  headers: Headers = req.headers,
): TurnIdentity {
  const conversationId = read(req, headers, options?.conversationId, DEFAULT_CONVERSATION_ID_HEADER);
  const userId = read(req, headers, options?.userId, DEFAULT_USER_ID_HEADER);
  if (conversationId === undefined && userId === undefined) return NO_IDS;
  const identity: TurnIdentity = {};
  if (conversationId !== undefined) identity.conversationId = conversationId;
  if (userId !== undefined) identity.userId = userId;
  return identity;
}

export function extractRequestIdentity<Req extends HttpRequestLike>(
  req: Req,
  options: RequestIdentityOptions<Req> | undefined,
): TurnIdentity {
  const identity = requestIdentity(req, options);
  return identity === NO_IDS ? {} : identity;
}
