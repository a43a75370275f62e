// The middleware's own cost per request, in process (no HTTP, no scheduler noise): a
// request and response emitter through agentspan() and their end events, against the
// same without the middleware. Usage: node bench/middleware.micro.mjs
import { EventEmitter } from 'node:events';
import { SpanKind, context, createContextKey, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { agentspan } from '../dist/index.js';

const N = 200_000;
const next = () => {};
// One keep-alive connection's socket, shared by its requests in turn (where the trace is filed).
const socket = new EventEmitter();

function run(middleware) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const req = Object.assign(new EventEmitter(), { method: 'GET', url: '/hello', headers: { host: 'x', 'x-user-id': 'u', 'x-conversation-id': 'c' }, socket });
    const res = Object.assign(new EventEmitter(), { statusCode: 200 });
    middleware(req, res, next);
    res.emit('finish');
    res.emit('close');
  }
  return Number(process.hrtime.bigint() - start) / N;
}

const none = (_req, _res, n) => n();
const results = { none: [], off: [], on: [] };
const off = agentspan();
for (let round = 0; round < 5; round++) {
  results.none.push(run(none));
  results.off.push(run(off));
}
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(new BasicTracerProvider());
const on = agentspan();
for (let round = 0; round < 5; round++) results.on.push(run(on));

// As behind instrumentation-http: its SERVER span and RPC metadata are in the active context.
const RPC = createContextKey('OpenTelemetry SDK Context Key RPC_METADATA');
const tracer = trace.getTracer('bench');
function runEnriching(middleware) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const span = tracer.startSpan('GET', { kind: SpanKind.SERVER });
    const ctx = trace.setSpan(context.active(), span).setValue(RPC, { type: 'http', span });
    context.with(ctx, () => {
      const req = Object.assign(new EventEmitter(), { method: 'GET', url: '/hello', headers: { host: 'x', 'x-user-id': 'u', 'x-conversation-id': 'c' }, socket });
      const res = Object.assign(new EventEmitter(), { statusCode: 200 });
      middleware(req, res, next);
      res.emit('finish');
      res.emit('close');
    });
    span.end();
  }
  return Number(process.hrtime.bigint() - start) / N;
}
results.httpOnly = [];
results.httpOn = [];
for (let round = 0; round < 5; round++) {
  results.httpOnly.push(runEnriching(none));
  results.httpOn.push(runEnriching(on));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(results.none);
console.log('| per request (median of 5 × 200,000) | ns | added by agentspan() |');
console.log('|---|---:|---:|');
console.log(`| emitters and end events, no middleware | ${base.toFixed(0)} | — |`);
console.log(`| agentspan(), no SDK | ${median(results.off).toFixed(0)} | ${(median(results.off) - base).toFixed(0)} ns |`);
console.log(`| agentspan(), SDK, its own SERVER span (start, ids, request context, end) | ${median(results.on).toFixed(0)} | ${(median(results.on) - base).toFixed(0)} ns |`);
const httpBase = median(results.httpOnly);
console.log(`| a SERVER span as instrumentation-http makes it, no middleware | ${httpBase.toFixed(0)} | — |`);
console.log(`| the same + agentspan() enriching it (ids, request context, route) | ${median(results.httpOn).toFixed(0)} | ${(median(results.httpOn) - httpBase).toFixed(0)} ns |`);
