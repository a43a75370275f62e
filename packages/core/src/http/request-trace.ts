// One HTTP request's trace: the server span (found or started), the turn's ids, the
// rollup scope that writes the request's totals onto the server span as each GenAI
// span ends, errors recorded without touching the response, and the end of our span.
import { type Context, type Span, SpanStatusCode, type Tracer, context as contextApi } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_MESSAGE,
  ATTR_EXCEPTION_STACKTRACE,
  ATTR_EXCEPTION_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ERROR_TYPE_OTHER,
} from '@agentspan/semconv';
import { errorMessage, errorType } from '../errors.js';
import { setScopeIds } from '../rollup-scope.js';
import { reportInternal } from '../safety.js';
import type { Agentspan } from '../agentspan.js';
import type { TurnIdentity } from '../types.js';
import type { EventEmitter } from 'node:events';
import { bindEmitterToContext } from './bind-emitter.js';
import { onResponseEnd } from './response-end.js';
import { type HttpRequestLike, type RequestIdentityOptions, requestIdentity } from './identity.js';
import { RequestContext, requestContextOf } from './request-context.js';
import { activeTrace, fileTrace, findTrace, unfileTrace } from './request-registry.js';
import { type ServerSpanHandle, applyRoute, serverSpanOf } from './server-span.js';

/** What a request trace needs from the Agentspan instance. */
export interface HttpTraceHost {
  /** The instance itself, for handler helpers (`HttpRequestTrace.agentspan`). */
  readonly agentspan?: Agentspan;
  /** Tracer for the server span when no instrumentation made one. */
  readonly tracer: Tracer;
  /** Exception messages are redacted like every other. */
  redactMessage(text: string): string;
}

/** The request's totals so far (the same values the server span carries). */
export interface RequestRollup {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  costUsd: number | undefined;
  llmCalls: number;
  toolCalls: number;
}

type EndListener = (trace: HttpRequestTrace) => void;
/** What the trace needs of the response: Node's ServerResponse, or an HTTP/2 compatibility one. */
export type ResponseLike = EventEmitter & { readonly statusCode: number };
/** Reads the route template of a request (`/orders/:id`); undefined until the router matched one. */
export type RouteReader<Req = object> = (request: Req) => string | undefined;

export class HttpRequestTrace {
  readonly span: Span;
  /** True when agentspan started the server span (no HTTP instrumentation made one). */
  readonly owned: boolean;
  /** Run the request's work in this context: GenAI spans nest under the server span and roll up into it. */
  readonly context: Context;
  readonly identity: TurnIdentity;
  // The handle's parts the route needs, not the handle: what a request keeps survives a
  // scavenge with it (Node keeps recent requests alive until then), so each byte costs.
  private readonly metadata: ServerSpanHandle['metadata'];
  private readonly namedByInstrumentation: boolean | undefined;
  private readonly scope: RequestContext;
  /** @internal The request object it was started for (lookups check it). */
  readonly request: object;
  /** Where the registry filed it (undefined: not filed, or in its WeakMap). */
  private socket: object | undefined;
  private listeners: EndListener[] | undefined;
  /** The response whose end is not hooked yet: the request's end is left to its server span. */
  private unhooked: ResponseLike | undefined;
  private endHooked = false;
  private routed = false;
  private closing: EndListener[] | undefined;
  private errorRecorded = false;
  private done = false;

  constructor(
    private readonly host: HttpTraceHost,
    private readonly method: string | undefined,
    handle: ServerSpanHandle,
    identity: TurnIdentity,
    request: object,
    private readonly routeOf?: RouteReader,
  ) {
    this.metadata = handle.metadata;
    this.namedByInstrumentation = handle.namedByInstrumentation;
    this.span = handle.span;
    this.owned = handle.owned;
    this.identity = identity;
    this.request = request;
    setScopeIds(handle.span, handle.context, identity);
    // One object over the parent: cheaper than adding keys to instrumentation-http's
    // context, which copies its map of keys for each.
    this.scope = new RequestContext(handle.context, handle.span, identity, this);
    this.context = requestContextOf(this.scope, handle.span);
  }

  /** @internal Files the trace under its request (`getHttpRequestTrace`). */
  file(): void {
    this.socket = fileTrace(this);
  }

  /** True once the request is over: `end()` was called, or the server span it was left to has ended. */
  get ended(): boolean {
    return this.done || (this.unhooked !== undefined && !this.span.isRecording());
  }

  /** The Agentspan instance serving the request. */
  get agentspan(): Agentspan | undefined {
    return this.host.agentspan;
  }

  /** The request's totals so far; they are final once its work has ended. */
  get rollup(): RequestRollup {
    const r = this.scope.rollup;
    return {
      inputTokens: r?.inputTokens,
      outputTokens: r?.outputTokens,
      costUsd: r?.cost,
      llmCalls: r?.llmCalls ?? 0,
      toolCalls: r?.toolCalls ?? 0,
    };
  }

  /** Names the server span `{method} {route}` (a route template such as `/orders/:id`). */
  setRoute(route: string | undefined): void {
    if (this.done || !route) return;
    try {
      applyRoute(this.span, this.metadata, this.namedByInstrumentation, this.method, route);
      this.routed = true;
    } catch (error) {
      reportInternal('http: set route', error);
    }
  }

  /**
   * Names the server span by the route reader given at the start, unless it is named
   * already or the router has not matched a route yet. Called when GenAI work starts under
   * the request, when an error is recorded, and at the response's end where it is hooked
   * (`endWithResponse`). Never throws.
   */
  nameByRoute(): void {
    if (this.routed || this.done || !this.routeOf) return;
    let route: string | undefined;
    try {
      route = this.routeOf(this.request);
    } catch (error) {
      reportInternal('http: read route', error);
      return;
    }
    this.setRoute(route);
  }

  /**
   * Ends the request when its response is over: on the response's 'close' (after 'finish'
   * when it was sent, alone when the connection closed first: abort, a client leaving a
   * stream), named by its route then, our own span ended with the status code. One listener,
   * put before instrumentation-http's, which ends its span on the same event.
   *
   * `lazily` (for instrumentation-http's span, which ends with the response anyway): no
   * listener goes on the response until one of the trace's own listeners needs the end as an
   * event (`onEnd`, `beforeEnd`); until then the trace counts as ended once the server span
   * stops recording, nothing calls `end()`, and the span is named by its route only where
   * GenAI work ran or an error was recorded (`nameByRoute`). A listener on every response
   * costs about as much as the rest of the request's tracing. Ignored for our own span.
   */
  endWithResponse(response: ResponseLike, lazily = false): void {
    if (this.done || this.endHooked || this.unhooked) return;
    this.unhooked = response;
    if (!lazily || this.owned) this.hookEnd();
  }

  /** @internal A GenAI operation is starting under the request (its rollup state was asked for). */
  workStarted(): void {
    this.nameByRoute();
  }

  private hookEnd(): void {
    const response = this.unhooked;
    if (!response) return;
    this.unhooked = undefined;
    this.endHooked = true;
    try {
      onResponseEnd(response, () => {
        if (this.done) return;
        this.nameByRoute();
        // instrumentation-http sets the status code on its own span
        this.end(this.owned ? response.statusCode : undefined);
      });
    } catch (error) {
      reportInternal('http: hook the response end', error);
    }
  }

  /**
   * Records an error the request's handler threw: `error.type` and one redacted
   * `exception` event. The status is left to the response code (5xx = ERROR), as the
   * HTTP conventions ask; the response itself is not touched. Once per request.
   */
  recordError(error: unknown): void {
    if (this.done || this.errorRecorded || !this.span.isRecording()) return;
    this.errorRecorded = true;
    this.nameByRoute();
    let type = ERROR_TYPE_OTHER;
    try {
      type = errorType(error);
    } catch (e) {
      reportInternal('http: classify error', e); // an error whose getters throw: recorded as _OTHER
    }
    try {
      this.span.setAttribute(ATTR_ERROR_TYPE, type);
      const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack : undefined;
      const attributes: Record<string, string> = {
        [ATTR_EXCEPTION_TYPE]: type,
        [ATTR_EXCEPTION_MESSAGE]: this.host.redactMessage(errorMessage(error)),
      };
      if (stack !== undefined) attributes[ATTR_EXCEPTION_STACKTRACE] = this.host.redactMessage(stack);
      this.span.addEvent('exception', attributes);
    } catch (e) {
      reportInternal('http: record error', e);
    }
  }

  /** Called once when the request ends (after the response finished or the client left). */
  onEnd(listener: EndListener): void {
    if (this.ended) {
      this.safeCall(listener);
      return;
    }
    this.hookEnd();
    if (!this.listeners) this.listeners = [];
    this.listeners.push(listener);
  }

  /**
   * Called when the request ends, before its rollup closes and before our server span
   * ends: work stopped there (a stream whose client left) still adds to the server span.
   * Never called when registered after the end.
   */
  beforeEnd(listener: EndListener): void {
    if (this.ended) return;
    this.hookEnd();
    if (!this.closing) this.closing = [];
    this.closing.push(listener);
  }

  /**
   * Ends the request: our own server span gets the status code and ends; a span made by
   * instrumentation-http is left to it. Idempotent; never throws.
   */
  end(statusCode?: number): void {
    if (this.done) return;
    const closing = this.closing;
    if (closing) {
      this.closing = undefined;
      for (const listener of closing) this.safeCall(listener);
      if (this.done) return; // a listener ended it
    }
    this.done = true;
    this.unhooked = undefined;
    // The server span is ended (or about to be): later calls must not write to it.
    this.scope.close();
    unfileTrace(this, this.socket);
    this.socket = undefined;
    if (this.owned) {
      try {
        if (statusCode !== undefined) this.span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, statusCode);
        if (statusCode !== undefined && statusCode >= 500) this.span.setStatus({ code: SpanStatusCode.ERROR });
        this.span.end();
      } catch (error) {
        reportInternal('http: end server span', error);
      }
    }
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const listener of listeners) this.safeCall(listener);
  }

  private safeCall(listener: EndListener): void {
    try {
      listener(this);
    } catch (error) {
      reportInternal('http: request end listener threw', error);
    }
  }
}

/** The request's trace, when one was started for it; found also where the async context was lost. */
export function getHttpRequestTrace(req: object | undefined | null): HttpRequestTrace | undefined {
  return req ? findTrace<HttpRequestTrace>(req) : undefined;
}

/**
 * The request's trace when the active context is its own: what a middleware asks to know
 * whether the request is traced already (an adapter before it runs it in that context).
 * Cheaper than `getHttpRequestTrace`: it does not read the request object. Never throws.
 */
export function activeHttpRequestTrace(req: object): HttpRequestTrace | undefined {
  try {
    return activeTrace<HttpRequestTrace>(req);
  } catch {
    return undefined;
  }
}

export interface StartHttpRequestOptions<Req> {
  identity?: RequestIdentityOptions<Req>;
  /** Default: the active context. */
  parent?: Context;
  /**
   * Returns undefined, at little cost, when the server span does not record (no SDK, or
   * the request is not sampled). Leave false when something needs the request's rollup
   * even so (the cost budget).
   */
  onlyRecording?: boolean;
  /**
   * False: the trace is not filed under the request (`getHttpRequestTrace` will not find
   * it); the caller keeps it where it costs less for its request objects. Default true.
   */
  register?: boolean;
  /**
   * Reads the request's route template once the router matched one: the server span is
   * named `{method} {route}` when GenAI work first starts under the request, when an error
   * is recorded, or at the response's end where it is hooked (`endWithResponse`).
   */
  route?: RouteReader<Req>;
  /** True: the caller has just found no trace for the request (`getHttpRequestTrace`); not looked up again. */
  fresh?: boolean;
  /**
   * True: when the request has a body, listeners later added to it (body parsers behind a
   * middleware) run in the trace's context, not in instrumentation-http's. The request must
   * then be an EventEmitter (Node's IncomingMessage).
   */
  bindBody?: boolean;
}

/** Whether the request announces a body. */
function hasBody(headers: HttpRequestLike['headers']): boolean {
  const length = headers['content-length'];
  return (length !== undefined && length !== '0') || headers['transfer-encoding'] !== undefined;
}

/**
 * The request's trace: the existing one when this request already has one, else a new
 * one (finds instrumentation-http's server span or starts our own). Never throws:
 * returns undefined when tracing the request failed (reported to diag) or, with
 * `onlyRecording`, when there is nothing to record.
 */
export function startHttpRequest<Req extends HttpRequestLike>(
  host: HttpTraceHost,
  req: Req,
  options: StartHttpRequestOptions<Req> = {},
): HttpRequestTrace | undefined {
  const existing = options.register === false || options.fresh ? undefined : findTrace<HttpRequestTrace>(req);
  if (existing) return existing;
  try {
    // A span found is recording; one started is dropped at once when it does not record.
    const handle = serverSpanOf(req, host.tracer, options.parent ?? contextApi.active(), options.onlyRecording === true);
    if (!handle) return undefined;
    // Read once, and only for a traced request: on Node's request objects each read of
    // `headers` is a getter call that misses every inline cache.
    const headers = req.headers;
    const identity = requestIdentity(req, options.identity, headers);
    // instrumentation-http names its own span: the method (a lookup on the request object,
    // which has a map of its own and so misses every inline cache) is read only for others.
    const method = handle.namedByInstrumentation ? undefined : req.method;
    const requestTrace = new HttpRequestTrace(host, method, handle, identity, req, options.route as RouteReader | undefined);
    if (options.register !== false) requestTrace.file();
    if (options.bindBody && hasBody(headers)) bindEmitterToContext(req as unknown as EventEmitter, requestTrace.context);
    return requestTrace;
  } catch (error) {
    reportInternal('http: start request', error);
    return undefined;
  }
}
