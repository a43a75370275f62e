// Trace context in a request's `params._meta` (SEP-414 keys, unprefixed): injected into a
// copy of the outgoing request (the caller's objects are never touched), extracted from an
// incoming one with every value checked: a malformed traceparent, a huge baggage, a _meta
// that is not an object or whose getters throw are all ignored.
import {
  type Context,
  ROOT_CONTEXT,
  type TextMapGetter,
  type TextMapSetter,
  isSpanContextValid,
  propagation,
  trace,
} from '@opentelemetry/api';
import { ATTR_GEN_AI_CONVERSATION_ID, ATTR_USER_ID, MCP_META_BAGGAGE, MCP_META_TRACEPARENT, MCP_META_TRACESTATE } from '@agentspan/semconv';
import { isRecord } from './messages.js';
import { activePropagator } from './w3c-fallback.js';

type Carrier = Record<string, string>;

const setter: TextMapSetter<Carrier> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};
const getter: TextMapGetter<Carrier> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/** Longest accepted value per key (W3C: traceparent 55, tracestate 512, baggage 8192). */
const LIMITS: Readonly<Record<string, number>> = {
  [MCP_META_TRACEPARENT]: 128,
  [MCP_META_TRACESTATE]: 512,
  [MCP_META_BAGGAGE]: 8192,
};
/** Longest turn id taken from baggage. */
const MAX_ID_LENGTH = 256;

export interface TurnIds {
  conversationId?: string | undefined;
  userId?: string | undefined;
}

/** The context to inject: the request's, plus the turn ids as baggage when asked to. */
function injectionContext(ctx: Context, ids: TurnIds | undefined): Context {
  if (!ids || (ids.conversationId === undefined && ids.userId === undefined)) return ctx;
  let baggage = propagation.getBaggage(ctx) ?? propagation.createBaggage();
  if (ids.conversationId !== undefined) baggage = baggage.setEntry(ATTR_GEN_AI_CONVERSATION_ID, { value: ids.conversationId });
  if (ids.userId !== undefined) baggage = baggage.setEntry(ATTR_USER_ID, { value: ids.userId });
  return propagation.setBaggage(ctx, baggage);
}

/**
 * A copy of the request message whose `params._meta` carries `ctx`; undefined when the
 * message cannot take it (params or _meta not objects, a getter throws): it is then sent as is.
 */
export function withTraceMeta(
  message: Record<string, unknown>,
  params: Record<string, unknown> | undefined,
  ctx: Context,
  ids: TurnIds | undefined,
): Record<string, unknown> | undefined {
  try {
    const carrier: Carrier = {};
    activePropagator().inject(injectionContext(ctx, ids), carrier, setter);
    if (Object.keys(carrier).length === 0) return undefined;
    if (params === undefined) {
      if (message.params !== undefined) return undefined; // an array or a primitive: not ours to change
      return { ...message, params: { _meta: carrier } };
    }
    const meta = params._meta;
    if (meta !== undefined && !isRecord(meta)) return undefined;
    return { ...message, params: { ...params, _meta: { ...meta, ...carrier } } };
  } catch {
    return undefined;
  }
}

/** The propagation keys of `params._meta`, as checked strings; undefined when there are none. */
function carrierOf(params: Record<string, unknown> | undefined): Carrier | undefined {
  if (!params) return undefined;
  try {
    const meta = params._meta;
    if (!isRecord(meta)) return undefined;
    let carrier: Carrier | undefined;
    for (const key of [MCP_META_TRACEPARENT, MCP_META_TRACESTATE, MCP_META_BAGGAGE]) {
      const value = meta[key];
      if (typeof value === 'string' && value.length > 0 && value.length <= (LIMITS[key] ?? 0)) {
        carrier ??= {};
        carrier[key] = value;
      }
    }
    return carrier;
  } catch {
    return undefined;
  }
}

function boundedEntry(ctx: Context, key: string): string | undefined {
  const value = propagation.getBaggage(ctx)?.getEntry(key)?.value;
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH ? value : undefined;
}

export interface ExtractedParent {
  /**
   * The caller's context from `_meta` when it carries a valid one — over the root context, so
   * that nothing of the ambient context (an in-process caller's agentspan state) leaks into
   * the server's spans — else the ambient context.
   */
  parent: Context;
  /** True when `_meta` carried a valid remote parent. */
  remote: boolean;
  ids: TurnIds;
}

/** The parent of a handled request, from its `params._meta` (falls back to `ambient`). */
export function parentFromMeta(params: Record<string, unknown> | undefined, ambient: Context): ExtractedParent {
  const carrier = carrierOf(params);
  if (!carrier) return { parent: ambient, remote: false, ids: {} };
  try {
    const extracted = activePropagator().extract(ROOT_CONTEXT, carrier, getter);
    const span = trace.getSpanContext(extracted);
    const remote = span !== undefined && span.isRemote === true && isSpanContextValid(span);
    const ids = { conversationId: boundedEntry(extracted, ATTR_GEN_AI_CONVERSATION_ID), userId: boundedEntry(extracted, ATTR_USER_ID) };
    return { parent: remote ? extracted : ambient, remote, ids };
  } catch {
    return { parent: ambient, remote: false, ids: {} };
  }
}
