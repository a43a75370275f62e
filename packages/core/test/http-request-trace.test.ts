// A request's trace: found from the request object (socket slot, WeakMap, or the active
// context), and the rollup scope made only when a GenAI call runs under it.
import {
  DiagLogLevel,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  context,
  createContextKey,
  diag,
  trace as traceApi,
} from '@opentelemetry/api';
import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it } from 'vitest';
import { Agentspan, type HttpRequestTrace, getHttpRequestTrace, httpTraceHost, startHttpRequest } from '../src/index.js';
import { REQUEST_TRACE_KEY } from '../src/http/request-context.js';
import { byName, setupOtel } from './helpers.js';

const otel = setupOtel();
const as = new Agentspan({ tracerProvider: otel.tracerProvider, meterProvider: otel.meterProvider });
const host = httpTraceHost(as);
const spans = () => otel.exporter.getFinishedSpans();

/** What the registry reads of a Node request: headers, and a socket shared by the connection's requests. */
function request(socket?: object, headers: Record<string, string> = {}) {
  return { method: 'POST', url: '/chat?x=1', headers, socket };
}

function start(req: ReturnType<typeof request>, register?: boolean): HttpRequestTrace {
  const trace = startHttpRequest(host, req, register === false ? { register } : {});
  if (!trace) throw new Error('no trace');
  return trace;
}

beforeEach(() => otel.exporter.reset());

describe('finding a request trace from the request', () => {
  it('keep-alive: requests of one socket in turn each get its slot; an ended one frees it', () => {
    const socket = {};
    const first = request(socket);
    const a = start(first);
    expect(getHttpRequestTrace(first)).toBe(a); // outside any context: from the socket
    a.end(200);
    expect(getHttpRequestTrace(first)).toBeUndefined(); // the idle connection keeps nothing
    const second = request(socket);
    const b = start(second);
    expect(getHttpRequestTrace(second)).toBe(b);
    expect(getHttpRequestTrace(first)).toBeUndefined();
    b.end(200);
  });

  it('pipelining: a second live request on the same socket is found too, each its own', () => {
    const socket = {};
    const first = request(socket);
    const second = request(socket);
    const a = start(first);
    const b = start(second);
    expect(a).not.toBe(b);
    expect(getHttpRequestTrace(first)).toBe(a);
    expect(getHttpRequestTrace(second)).toBe(b);
    expect(startHttpRequest(host, second)).toBe(b); // started once per request
    a.end(200);
    b.end(200);
  });

  it('a request object without a socket is found as well', () => {
    const req = request();
    const trace = start(req);
    expect(getHttpRequestTrace(req)).toBe(trace);
    trace.end(200);
  });

  it('an unfiled trace (register: false) is found only inside its context', () => {
    const req = request({});
    const trace = start(req, false);
    expect(getHttpRequestTrace(req)).toBeUndefined();
    context.with(trace.context, () => expect(getHttpRequestTrace(req)).toBe(trace));
    context.with(trace.context, () => expect(getHttpRequestTrace(request({}))).toBeUndefined()); // another request
    trace.end(200);
  });

  it('a socket proxy that throws on access (a closed HTTP/2 session) is not an error', () => {
    const socket = new Proxy({}, { get: () => { throw new Error('unbound'); } });
    expect(getHttpRequestTrace(request(socket))).toBeUndefined();
    // a session that closes while its request runs: the end frees nothing and does not throw
    let closed = false;
    const closing = new Proxy({} as Record<symbol, unknown>, {
      get: (target, key) => {
        if (closed) throw new Error('unbound');
        return target[key as symbol];
      },
    });
    const trace = start(request(closing));
    closed = true;
    expect(() => trace.end(200)).not.toThrow();
    expect(trace.ended).toBe(true);
  });
});

describe('the rollup scope of a request', () => {
  it('a request without GenAI calls gets the ids and no rollups; one with calls gets both', () => {
    const idle = start(request({}, { 'x-conversation-id': 'c-1', 'x-user-id': 'u-1' }));
    idle.end(200);
    const busy = start(request({}, { 'x-user-id': 'u-2' }));
    context.with(busy.context, () => {
      as.startChat({ provider: 'openai', requestModel: 'gpt-4o-mini' }).end({ usage: { inputTokens: 10, outputTokens: 2 } });
      as.startTool({ name: 't' }).end();
    });
    expect(busy.rollup).toEqual({ inputTokens: 10, outputTokens: 2, costUsd: expect.any(Number), llmCalls: 1, toolCalls: 1 });
    busy.end(200);
    const [idleSpan, busySpan] = spans().filter((s) => s.kind === SpanKind.SERVER);
    expect(idleSpan?.attributes).toEqual({ 'http.request.method': 'POST', 'url.path': '/chat', 'gen_ai.conversation.id': 'c-1', 'user.id': 'u-1', 'http.response.status_code': 200 });
    expect(busySpan?.attributes).toMatchObject({ 'user.id': 'u-2', 'agentspan.llm.calls': 1, 'agentspan.tool.calls': 1, 'agentspan.usage.input_tokens': 10 });
    expect(byName(spans(), 'chat gpt-4o-mini').attributes['user.id']).toBe('u-2');
    expect(idle.rollup).toEqual({ inputTokens: undefined, outputTokens: undefined, costUsd: undefined, llmCalls: 0, toolCalls: 0 });
  });

  it('a call made after the request ended does not write to its server span', () => {
    const trace = start(request({}));
    trace.end(200);
    context.with(trace.context, () => as.startTool({ name: 'late' }).end());
    const server = spans().find((s) => s.kind === SpanKind.SERVER);
    expect(server?.attributes['agentspan.tool.calls']).toBeUndefined();
    expect(trace.rollup.toolCalls).toBe(1); // still counted by the request's own totals
  });

  it('the server span is the active span of its context, and other keys reach the parent', () => {
    const trace = start(request({}));
    context.with(trace.context, () => {
      const child = as.startTool({ name: 'child' });
      child.end();
    });
    trace.end(200);
    const server = spans().find((s) => s.kind === SpanKind.SERVER);
    expect(byName(spans(), 'execute_tool child').parentSpanContext?.spanId).toBe(server?.spanContext().spanId);
  });
});

/** instrumentation-http's part: its SERVER span, and its RPC metadata in the request's context. */
function instrumented(req: ReturnType<typeof request> & { route?: string }) {
  const span = otel.tracerProvider.getTracer('instrumentation-http').startSpan('POST', { kind: SpanKind.SERVER });
  const metadata: { type: string; span: Span; route?: string } = { type: 'http', span };
  const parent = traceApi.setSpan(ROOT_CONTEXT, span).setValue(createContextKey('OpenTelemetry SDK Context Key RPC_METADATA'), metadata);
  const trace = startHttpRequest(host, req, { parent, route: (r) => r.route });
  if (!trace || trace.owned) throw new Error('not enriched');
  return { trace, span, metadata };
}
const SLOT = Symbol.for('agentspan.socketRequestTrace');
const silent = { error() {}, warn() {}, info() {}, debug() {}, verbose() {} };

/** What the trace listens to: a response's 'close', and its status code. */
function response(statusCode = 200) {
  return Object.assign(new EventEmitter(), { statusCode });
}
const closeListeners = (res: EventEmitter) => res.listenerCount('close');

describe('the end of a request: endWithResponse', () => {
  it("ends when the response closes, named by its route then; our own span gets the status code", () => {
    const req: ReturnType<typeof request> & { route?: string } = { ...request({}), route: '/orders/:id' };
    const trace = startHttpRequest(host, req, { route: (r) => r.route });
    if (!trace) throw new Error('no trace');
    const res = response(503);
    trace.endWithResponse(res);
    expect(closeListeners(res)).toBe(1);
    res.emit('close');
    expect(trace.ended).toBe(true);
    const server = spans().find((s) => s.kind === SpanKind.SERVER);
    expect(server?.name).toBe('POST /orders/:id');
    expect(server?.attributes['http.response.status_code']).toBe(503);
  });

  it('lazily: no listener on the response; ended once instrumentation-http ends its span, whose socket slot then serves the next request', () => {
    const socket: Record<symbol, unknown> = {};
    const first = request(socket);
    const { trace: a, span } = instrumented(first);
    const res = response();
    a.endWithResponse(res, true);
    expect(closeListeners(res)).toBe(0);
    expect(a.ended).toBe(false);
    expect(getHttpRequestTrace(first)).toBe(a);
    span.end();
    expect(a.ended).toBe(true);
    const second = request(socket);
    const { trace: b, span: next } = instrumented(second);
    expect(socket[SLOT]).toBe(b); // not the WeakMap of requests whose socket is busy
    expect(getHttpRequestTrace(second)).toBe(b);
    expect(getHttpRequestTrace(first)).toBeUndefined();
    next.end();
  });

  it('lazily: named by its route when GenAI work starts, once the router matched one; its rollups stop when the span ends', () => {
    const req: ReturnType<typeof request> & { route?: string } = request({});
    const { trace, span, metadata } = instrumented(req);
    trace.endWithResponse(response(), true);
    const tool = (name: string) => context.with(trace.context, () => as.startTool({ name }).end());
    tool('before-routing'); // a middleware's call: no route yet
    expect(metadata.route).toBeUndefined();
    req.route = '/chat';
    tool('in-handler');
    expect(metadata.route).toBe('/chat'); // instrumentation-http names its span from it
    req.route = '/other';
    tool('again');
    expect(metadata.route).toBe('/chat'); // read once
    span.end();
    const warnings: string[] = [];
    diag.setLogger({ ...silent, warn: (message: string) => warnings.push(message) }, DiagLogLevel.WARN);
    try {
      tool('late'); // not written to the ended span (the SDK would warn)
    } finally {
      diag.disable();
    }
    expect(warnings).toEqual([]);
    const server = spans().find((s) => s.kind === SpanKind.SERVER);
    expect(server?.attributes['agentspan.tool.calls']).toBe(3);
    expect(trace.rollup.toolCalls).toBe(4);
  });

  it('lazily: a request without GenAI work is not named, unless an error is recorded', () => {
    const quiet: ReturnType<typeof request> & { route?: string } = { ...request({}), route: '/quiet' };
    const a = instrumented(quiet);
    a.trace.endWithResponse(response(), true);
    a.span.end();
    expect(a.metadata.route).toBeUndefined();
    const failing: ReturnType<typeof request> & { route?: string } = { ...request({}), route: '/fails' };
    const b = instrumented(failing);
    b.trace.endWithResponse(response(), true);
    b.trace.recordError(new Error('boom'));
    expect(b.metadata.route).toBe('/fails');
    b.span.end();
  });

  it("lazily: a listener of the end hooks the response, once; the listeners run when it closes", () => {
    for (const add of ['onEnd', 'beforeEnd'] as const) {
      const { trace, span } = instrumented(request({}));
      const res = response();
      const calls: string[] = [];
      trace.endWithResponse(res, true);
      trace[add](() => calls.push(add));
      trace[add](() => calls.push(add));
      trace.endWithResponse(res); // a second adapter on the same request
      expect(closeListeners(res)).toBe(1);
      res.emit('close');
      expect(calls).toEqual([add, add]);
      expect(trace.ended).toBe(true);
      span.end();
    }
  });

  it('lazily: a listener added after the span ended runs at once; our own span is hooked at once', () => {
    const { trace, span } = instrumented(request({}));
    const res = response();
    trace.endWithResponse(res, true);
    span.end();
    let ran = false;
    trace.onEnd(() => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(closeListeners(res)).toBe(0);
    const owned = start(request({}));
    const ownRes = response();
    owned.endWithResponse(ownRes, true);
    expect(closeListeners(ownRes)).toBe(1);
    ownRes.emit('close');
    expect(owned.ended).toBe(true);
  });

  it('the route reader throwing is not an error of the request', () => {
    const req = request({});
    const span = otel.tracerProvider.getTracer('t').startSpan('POST', { kind: SpanKind.SERVER });
    const parent = traceApi.setSpan(ROOT_CONTEXT, span);
    const trace = startHttpRequest(host, req, {
      parent,
      route: () => {
        throw new Error('router');
      },
    });
    if (!trace) throw new Error('no trace');
    expect(() => context.with(trace.context, () => as.startTool({ name: 't' }).end())).not.toThrow();
    expect(trace.rollup.toolCalls).toBe(1);
    expect(byName(spans(), 'execute_tool t').parentSpanContext?.spanId).toBe(span.spanContext().spanId);
    expect(context.with(trace.context, () => context.active().getValue(REQUEST_TRACE_KEY))).toBe(trace);
    span.end();
  });
});
