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
} from '@agentspan/semconv';
import { getState } from '../context-state.js';
import { errorMessage, errorType } from '../errors.js';
import type { Rollup } from '../rollup.js';
import { reportInternal } from '../safety.js';
import type { Agentspan } from '../agentspan.js';
import type { TurnIdentity } from '../types.js';
import { type HttpRequestLike, type RequestIdentityOptions, requestIdentity } from './identity.js';
import { type ServerSpanHandle, serverSpanOf, setServerSpanRoute } from './server-span.js';

/** What a request trace needs from the Agentspan instance. */
export interface HttpTraceHost {
  /** The instance itself, for handler helpers (`HttpRequestTrace.agentspan`). */
  readonly agentspan?: Agentspan;
  /** Tracer for the server span when no instrumentation made one. */
  readonly tracer: Tracer;
  rollupScope(span: Span, parent?: Context, ids?: TurnIdentity): Context;
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
  private readonly rollupState: Rollup | undefined;
  private listeners: EndListener[] | undefined;
  private closing: EndListener[] | undefined;
  private errorRecorded = false;
  private done = false;

  constructor(
    private readonly host: HttpTraceHost,
    private readonly method: string | undefined,
    handle: ServerSpanHandle,
    identity: TurnIdentity,
  ) {
    this.metadata = handle.metadata;
    this.namedByInstrumentation = handle.namedByInstrumentation;
    this.span = handle.span;
    this.owned = handle.owned;
    this.identity = identity;
    // The rollup scope also sets the ids on the server span, and makes it the active span
    // (one linked context: cheaper than adding one key to instrumentation-http's context,
    // which copies its map of keys).
    this.context = host.rollupScope(handle.span, handle.context, identity);
    this.rollupState = getState(this.context).rollup;
  }

  get ended(): boolean {
    return this.done;
  }

  /** The Agentspan instance serving the request. */
  get agentspan(): Agentspan | undefined {
    return this.host.agentspan;
  }

  /** The request's totals so far; they are final once its work has ended. */
  get rollup(): RequestRollup {
    const r = this.rollupState;
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
      const { span, metadata, namedByInstrumentation } = this;
      setServerSpanRoute({ span, metadata, namedByInstrumentation }, this.method, route);
    } catch (error) {
      reportInternal('http: set route', error);
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
    try {
      const type = errorType(error);
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
    if (this.done) {
      this.safeCall(listener);
      return;
    }
    if (!this.listeners) this.listeners = [];
    this.listeners.push(listener);
  }

  /**
   * Called when the request ends, before its rollup closes and before our server span
   * ends: work stopped there (a stream whose client left) still adds to the server span.
   * Never called when registered after the end.
   */
  beforeEnd(listener: EndListener): void {
    if (this.done) return;
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
    // The server span is ended (or about to be): later calls must not write to it.
    if (this.rollupState) this.rollupState.closed = true;
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

/**
 * One trace per request object: the middleware and an interceptor on the same request
 * share it. Kept in a WeakMap, not in a property of the request: Express and Node give
 * each request object a map (hidden class) of its own, and a property added to it costs
 * a map copy and a migration (about 45k CPU instructions per request, measured with
 * callgrind over HTTP), a WeakMap entry 5k to 10k; a lookup of a property the request
 * lacks walks its six prototypes without an inline cache. The map is process-wide, under a
 * global symbol, so that the ESM and CommonJS copies of this package share it.
 */
const TRACES = Symbol.for('agentspan.httpRequestTraces');
const registry = globalThis as unknown as Record<symbol, WeakMap<object, HttpRequestTrace> | undefined>;
const traces: WeakMap<object, HttpRequestTrace> = registry[TRACES] ?? new WeakMap();
registry[TRACES] = traces;

export function getHttpRequestTrace(req: object | undefined | null): HttpRequestTrace | undefined {
  return req ? traces.get(req) : undefined;
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
  const existing = options.register === false ? undefined : traces.get(req);
  if (existing) return existing;
  try {
    // A span found is recording; one started is dropped at once when it does not record.
    const handle = serverSpanOf(req, host.tracer, options.parent ?? contextApi.active(), options.onlyRecording === true);
    if (!handle) return undefined;
    const identity = requestIdentity(req, options.identity);
    // instrumentation-http names its own span: the method (a lookup on the request object,
    // which has a map of its own and so misses every inline cache) is read only for others.
    const method = handle.namedByInstrumentation ? undefined : req.method;
    const requestTrace = new HttpRequestTrace(host, method, handle, identity);
    if (options.register !== false) traces.set(req, requestTrace);
    return requestTrace;
  } catch (error) {
    reportInternal('http: start request', error);
    return undefined;
  }
}
