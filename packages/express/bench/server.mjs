// One bench server: a hello-world Express route, instrumented per the mode argument.
// Modes: bare | noop | sdk | sdk-context | sdk-span | otel-http-noop | otel-http-context | otel-http-floor | otel-http-nocontext | otel-http-close | otel-http-route | otel-http-spanend | agentspan | agentspan-sdk | otel-http | otel-http-agentspan | otel-http-agentspan-named | otel-http-express | otel-http-express-agentspan
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { answerBench } from '@agentspan/testing-http/bench/server-control';

const mode = process.argv[2] ?? 'bare';
const require = createRequire(import.meta.url);
const withSdk = mode !== 'bare' && mode !== 'noop' && mode !== 'agentspan';

if (withSdk) {
  const { context, trace } = await import('@opentelemetry/api');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const { BasicTracerProvider } = await import('@opentelemetry/sdk-trace-base');
  // Spans are recorded, then dropped: no exporter cost in the figures.
  const provider = new BasicTracerProvider();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  if (mode.includes('http')) {
    const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
    new HttpInstrumentation().enable();
  }
  if (mode.includes('http-express')) {
    // instrumentation-express makes spans only under a parent (instrumentation-http's)
    const { ExpressInstrumentation } = await import('@opentelemetry/instrumentation-express');
    new ExpressInstrumentation().enable();
  }
}

const express = require('express');
const app = express();
/** instrumentation-http's RPC metadata key (`createContextKey` is `Symbol.for`). */
const RPC = Symbol.for('OpenTelemetry SDK Context Key RPC_METADATA');
/** Unbound by instrumentation-http's patch of the response's listener methods, as agentspan() adds its own. */
const prepend = EventEmitter.prototype.prependListener;
/** The route template once Express routed the request (as agentspan()'s own `routeOf`). */
const routeOf = (req) => {
  const path = req.route?.path;
  return typeof path === 'string' ? (typeof req.baseUrl === 'string' ? req.baseUrl : '') + path : undefined;
};
// The mode's middleware layers are those added from here to the route (countPhases takes them out and puts them back).
const stack = app.router.stack;
const modeStart = stack.length;

if (mode === 'noop' || mode === 'otel-http-noop') {
  // Express's own cost of one more middleware layer (router matching, next()): the floor of any middleware.
  app.use((_req, _res, next) => next());
}
if (mode === 'sdk-context') {
  // What any tracing middleware does at least: run the rest of the request in a context (AsyncLocalStorage).
  const { context, ROOT_CONTEXT, createContextKey } = await import('@opentelemetry/api');
  const key = createContextKey('bench');
  app.use((_req, _res, next) => context.with(ROOT_CONTEXT.setValue(key, 1), next));
}
if (mode === 'otel-http-context') {
  // The floor of a middleware behind instrumentation-http that runs the request in a context of its own.
  const { context, createContextKey } = await import('@opentelemetry/api');
  const key = createContextKey('bench');
  app.use((_req, _res, next) => context.with(context.active().setValue(key, 1), next));
}
if (mode === 'otel-http-floor') {
  // The floor of a middleware enriching instrumentation-http's span as agentspan() does: find
  // the span (RPC metadata), read the ids' headers, run the request in a context of its own,
  // hand the route to instrumentation-http when the response closes (it then names its span
  // and sets http.route, as behind instrumentation-express). No registry, no rollup.
  const { context, createContextKey } = await import('@opentelemetry/api');
  const key = createContextKey('bench');
  app.use((req, res, next) => {
    const ctx = context.active();
    const metadata = ctx.getValue(RPC);
    if (!metadata?.span.isRecording()) return next();
    const headers = req.headers;
    const state = { ids: [headers['x-conversation-id'], headers['x-user-id']], done: false };
    prepend.call(res, 'close', () => {
      state.done = true;
      const route = routeOf(req);
      if (route) metadata.route = route;
    });
    context.with(ctx.setValue(key, state), next);
  });
}
if (mode === 'otel-http-nocontext') {
  // The floor of a middleware that leaves instrumentation-http's context as it is: it files
  // the request and its RPC metadata in a slot of the socket, and hands the route over from
  // one shared 'close' listener (no closure). No context.with.
  const { context } = await import('@opentelemetry/api');
  const SLOT = Symbol('slot');
  class Filed {
    constructor(req, metadata) {
      this.req = req;
      this.metadata = metadata;
    }
  }
  function onClose() {
    const req = this.req;
    const socket = req.socket;
    const filed = socket?.[SLOT];
    if (filed?.req !== req) return;
    socket[SLOT] = undefined;
    const route = routeOf(req);
    if (route) filed.metadata.route = route;
  }
  app.use((req, res, next) => {
    const metadata = context.active().getValue(RPC);
    if (metadata?.span.isRecording()) {
      req.socket[SLOT] = new Filed(req, metadata);
      prepend.call(res, 'close', onClose);
    }
    next();
  });
}
if (mode === 'otel-http-close') {
  // What hooking the response's end costs alone: one shared 'close' listener put first, no closure.
  const onClose = () => {};
  app.use((_req, res, next) => {
    prepend.call(res, 'close', onClose);
    next();
  });
}
if (mode === 'otel-http-route') {
  // What naming the span by its route costs inside instrumentation-http: the route set on
  // its RPC metadata at once (no listener), as a framework instrumentation would.
  const { context } = await import('@opentelemetry/api');
  app.use((_req, _res, next) => {
    const metadata = context.active().getValue(RPC);
    if (metadata) metadata.route = '/hello';
    next();
  });
}
if (mode === 'otel-http-spanend') {
  // Hooking the request's end through instrumentation-http's own end of its span instead of
  // a listener on the response: the span's `end` wrapped, the route set there (the span
  // named and `http.route` set by the middleware; instrumentation-http's metric then lacks it).
  const { context } = await import('@opentelemetry/api');
  app.use((req, _res, next) => {
    const span = context.active().getValue(RPC)?.span;
    if (span?.isRecording()) {
      const end = span.end;
      span.end = (time) => {
        const route = routeOf(req);
        if (route) {
          span.setAttribute('http.route', route);
          span.updateName(`${span.name} ${route}`);
        }
        return end.call(span, time);
      };
    }
    next();
  });
}
if (mode === 'sdk-span') {
  // The floor of a middleware that makes its own span: start a SERVER span, run the request in its context, end it on finish.
  const { context, trace, SpanKind } = await import('@opentelemetry/api');
  const tracer = trace.getTracer('bench');
  app.use((req, res, next) => {
    const span = tracer.startSpan(req.method, { kind: SpanKind.SERVER });
    res.once('finish', () => span.end());
    context.with(trace.setSpan(context.active(), span), next);
  });
}
if (mode.includes('agentspan')) {
  // AGENTSPAN_BENCH_DIST: another build of this package to compare with (a directory holding index.js).
  const dist = process.env.AGENTSPAN_BENCH_DIST ?? new URL('../dist', import.meta.url).pathname;
  const { agentspan } = await import(`${dist}/index.js`);
  app.use(agentspan(mode.endsWith('-named') ? { nameEveryRequest: true } : {}));
}
const modeLayers = stack.slice(modeStart);
/** Takes the mode's layers out of Express's stack (the app is then the mode without them) or puts them back. */
function switchLayers(on) {
  const present = stack[modeStart] === modeLayers[0];
  if (on && !present) stack.splice(modeStart, 0, ...modeLayers);
  if (!on && present) stack.splice(modeStart, modeLayers.length);
}
app.get('/hello', (_req, res) => {
  res.send('hello world');
});
const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ port: server.address().port });
});
answerBench(switchLayers);
