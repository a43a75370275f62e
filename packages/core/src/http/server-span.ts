// Finds the request's HTTP SERVER span — the one @opentelemetry/instrumentation-http made —
// or starts one when there is none, so that a request has exactly one.
import {
  type Context,
  type Span,
  SpanKind,
  type Tracer,
  context as contextApi,
  createContextKey,
  trace,
} from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_ROUTE, ATTR_URL_PATH } from '@agentspan/semconv';
import { withSpanAndValue } from '../linked-context.js';
import type { HttpRequestLike } from './identity.js';

/**
 * instrumentation-http puts `{type: 'http', span, route?}` in the request's context under
 * this key (`@opentelemetry/core`'s RPC metadata); `createContextKey` is `Symbol.for`, so
 * the same key is reached without depending on `@opentelemetry/core`. Framework
 * instrumentations set `route` on it and instrumentation-http names its span from it.
 */
const RPC_METADATA_KEY = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');

interface RpcMetadata {
  type?: string;
  span?: Span;
  route?: string;
}

export interface ServerSpanHandle {
  span: Span;
  /** True when we started the span (and therefore end it). */
  owned: boolean;
  /** The parent context of the request's work (for our own span: the span active, with its RPC metadata). */
  context: Context;
  /** The RPC metadata object shared with instrumentation-http, when there is one. */
  metadata: RpcMetadata | undefined;
  /**
   * True when the span is instrumentation-http's own, found through its RPC metadata: it
   * names the span and sets `http.route` from `metadata.route` when the response closes.
   */
  namedByInstrumentation?: boolean;
}

function rpcMetadata(ctx: Context): RpcMetadata | undefined {
  const value = ctx.getValue(RPC_METADATA_KEY);
  return typeof value === 'object' && value !== null ? (value as RpcMetadata) : undefined;
}

/** The SDK's span object exposes its kind; the API's interface does not. */
function isServerSpan(span: Span | undefined): span is Span {
  return span !== undefined && (span as { kind?: unknown }).kind === SpanKind.SERVER && span.isRecording();
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}

export function findOrStartServerSpan(
  req: HttpRequestLike,
  tracer: Tracer,
  parent: Context = contextApi.active(),
): ServerSpanHandle {
  return serverSpanOf(req, tracer, parent, false) as ServerSpanHandle;
}

/**
 * The same; with `onlyRecording`, undefined when the span would not record (no SDK, not
 * sampled), before its context is made: an untraced request costs a span start and no more.
 */
export function serverSpanOf(
  req: HttpRequestLike,
  tracer: Tracer,
  parent: Context,
  onlyRecording: boolean,
): ServerSpanHandle | undefined {
  const metadata = rpcMetadata(parent);
  if (metadata?.type === 'http' && metadata.span && metadata.span.isRecording()) {
    return { span: metadata.span, owned: false, context: parent, metadata, namedByInstrumentation: true };
  }
  const active = trace.getSpan(parent);
  if (isServerSpan(active)) return { span: active, owned: false, context: parent, metadata };

  const method = (req.method ?? 'GET').toUpperCase();
  const attributes: Record<string, string> = { [ATTR_HTTP_REQUEST_METHOD]: method };
  const path = pathOf(req.url);
  if (path) attributes[ATTR_URL_PATH] = path;
  const span = tracer.startSpan(method, { kind: SpanKind.SERVER, attributes }, parent);
  if (onlyRecording && !span.isRecording()) {
    span.end();
    return undefined;
  }
  const own: RpcMetadata = { type: 'http', span };
  return { span, owned: true, context: withSpanAndValue(parent, span, RPC_METADATA_KEY, own), metadata: own };
}

/**
 * Names the server span `{method} {route}` and sets `http.route`. On instrumentation-http's
 * span the route is only handed to it (`metadata.route`, as instrumentation-express does):
 * it sets both when the response closes, after this (our 'close' listener runs first).
 */
export function setServerSpanRoute(
  handle: Pick<ServerSpanHandle, 'span' | 'metadata' | 'namedByInstrumentation'>,
  method: string | undefined,
  route: string,
): void {
  applyRoute(handle.span, handle.metadata, handle.namedByInstrumentation, method, route);
}

/** The same, from the handle's parts. */
export function applyRoute(
  span: Span,
  metadata: RpcMetadata | undefined,
  namedByInstrumentation: boolean | undefined,
  method: string | undefined,
  route: string,
): void {
  if (!route) return;
  if (metadata) metadata.route = route;
  if (namedByInstrumentation || !span.isRecording()) return; // named by, or already ended by, its owner
  span.setAttribute(ATTR_HTTP_ROUTE, route);
  span.updateName(`${(method ?? 'GET').toUpperCase()} ${route}`);
}
