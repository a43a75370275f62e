// A request's trace: found from the request object (socket slot, WeakMap, or the active
// context), and the rollup scope made only when a GenAI call runs under it.
import { SpanKind, context } from '@opentelemetry/api';
import { beforeEach, describe, expect, it } from 'vitest';
import { Agentspan, type HttpRequestTrace, getHttpRequestTrace, httpTraceHost, startHttpRequest } from '../src/index.js';
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
