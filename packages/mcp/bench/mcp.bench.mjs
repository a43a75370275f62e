// The per-call cost of @agentspan/mcp on each side of a connection, against a floor: the
// same spans made by hand with the raw OpenTelemetry API and the same context injection
// (CLIENT span, W3C context in a copy of params._meta; SERVER span and execute_tool span
// from it, the handler run in the tool span's context). One real SDK client and McpServer
// over the SDK's in-memory transport, so that only the tracing differs between modes; each
// mode's cost is its time per tools/call minus the untraced call's, medians of interleaved
// rounds. Run: pnpm --filter @agentspan/mcp bench (after build).
import { Agentspan } from '@agentspan/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SpanKind, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { z } from 'zod';
import { traceMcpTransport } from '../dist/index.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 4000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);

let exported = 0;
const exporter = {
  export(spans, done) {
    exported += spans.length;
    done({ code: 0 });
  },
  shutdown: async () => {},
};
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
trace.setGlobalTracerProvider(provider);
const tracer = provider.getTracer('floor');
const agentspan = new Agentspan({ tracerProvider: provider });

// ---- the floor: the same spans and injection, by hand ----

function setterCarrier(carrier, key, value) {
  carrier[key] = value;
}
const setter = { set: setterCarrier };
const getter = { keys: (c) => Object.keys(c), get: (c, k) => c[k] };

function wrapOnMessage(transport, wrap) {
  let handler;
  Object.defineProperty(transport, 'onmessage', { configurable: true, get: () => handler, set: (fn) => (handler = fn ? wrap(fn) : fn) });
}

function floorClient(transport) {
  const pending = new Map();
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    if (typeof message.method !== 'string' || message.id === undefined) return send(message, options);
    const tool = message.method === 'tools/call' ? message.params?.name : undefined;
    const attributes = { 'mcp.method.name': message.method, 'jsonrpc.request.id': String(message.id) };
    if (tool) attributes['gen_ai.tool.name'] = tool;
    const span = tracer.startSpan(tool ? `${message.method} ${tool}` : message.method, { kind: SpanKind.CLIENT, attributes });
    const ctx = trace.setSpan(context.active(), span);
    const carrier = {};
    propagation.inject(ctx, carrier, setter);
    const params = message.params ?? {};
    pending.set(message.id, span);
    return context.with(ctx, () => send({ ...message, params: { ...params, _meta: { ...params._meta, ...carrier } } }, options));
  };
  wrapOnMessage(transport, (fn) => (message, extra) => {
    if (message.method === undefined && message.id !== undefined) {
      const span = pending.get(message.id);
      if (span) {
        pending.delete(message.id);
        if (message.error || message.result?.isError) span.setStatus({ code: 2 });
        span.end();
      }
    }
    return fn(message, extra);
  });
  return transport;
}

function floorServer(transport) {
  const pending = new Map();
  const send = transport.send.bind(transport);
  wrapOnMessage(transport, (fn) => (message, extra) => {
    if (typeof message.method !== 'string' || message.id === undefined) return fn(message, extra);
    const parent = propagation.extract(context.active(), message.params?._meta ?? {}, getter);
    const tool = message.method === 'tools/call' ? message.params?.name : undefined;
    const attributes = { 'mcp.method.name': message.method, 'jsonrpc.request.id': String(message.id) };
    if (tool) attributes['gen_ai.tool.name'] = tool;
    const server = tracer.startSpan(tool ? `${message.method} ${tool}` : message.method, { kind: SpanKind.SERVER, attributes }, parent);
    let ctx = trace.setSpan(parent, server);
    let toolSpan;
    if (tool) {
      toolSpan = tracer.startSpan(`execute_tool ${tool}`, { attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': tool, 'gen_ai.tool.type': 'function' } }, ctx);
      ctx = trace.setSpan(ctx, toolSpan);
    }
    pending.set(message.id, [server, toolSpan]);
    return context.with(ctx, () => fn(message, extra));
  });
  transport.send = (message, options) => {
    if (message.method === undefined && message.id !== undefined) {
      const spans = pending.get(message.id);
      if (spans) {
        pending.delete(message.id);
        spans[1]?.end();
        spans[0].end();
      }
    }
    return send(message, options);
  };
  return transport;
}

// ---- the modes ----

const TRACE = {
  none: (t) => t,
  floor: { client: floorClient, server: floorServer },
  agentspan: { client: (t) => traceMcpTransport(t, { agentspan }), server: (t) => traceMcpTransport(t, { agentspan }) },
};

async function pair(clientSide, serverSide) {
  const server = new McpServer({ name: 'orders', version: '1.0.0' });
  server.tool('lookup_order', { orderId: z.string() }, async () => ({ content: [{ type: 'text', text: '{"status":"delivered"}' }] }));
  const [c, s] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide(s));
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(clientSide(c));
  return client;
}

const MODES = {
  untraced: [TRACE.none, TRACE.none],
  'client, by hand': [TRACE.floor.client, TRACE.none],
  'client, @agentspan/mcp': [TRACE.agentspan.client, TRACE.none],
  'server, by hand': [TRACE.none, TRACE.floor.server],
  'server, @agentspan/mcp': [TRACE.none, TRACE.agentspan.server],
};

const args = { name: 'lookup_order', arguments: { orderId: '42' } };
async function timePerCall(client, n) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await client.callTool(args);
  return Number(process.hrtime.bigint() - t0) / 1e3 / n;
}

// BENCH_ONLY=<mode>: that mode's calls alone, with instruction counting on for the measured
// calls when BENCH_CALLGRIND is set (under valgrind; see instructions.sh).
if (process.env.BENCH_ONLY) {
  const sides = MODES[process.env.BENCH_ONLY];
  if (!sides) throw new Error(`BENCH_ONLY must be one of: ${Object.keys(MODES).join(', ')}`);
  const client = await pair(...sides);
  const warmup = Number(process.env.BENCH_WARMUP) || 3000;
  const exec = process.env.BENCH_CALLGRIND ? (await import('node:util')).promisify((await import('node:child_process')).exec) : undefined;
  await timePerCall(client, warmup);
  if (exec) {
    globalThis.gc?.();
    await timePerCall(client, warmup / 2);
    await exec(`callgrind_control -i on ${process.pid}`);
  }
  const us = await timePerCall(client, CALLS);
  if (exec) await exec(`callgrind_control -i off ${process.pid}`);
  console.log(JSON.stringify({ usPerCall: us }));
  process.exit(0);
}

const modes = {};
for (const [name, sides] of Object.entries(MODES)) modes[name] = await pair(...sides);
for (const client of Object.values(modes)) await timePerCall(client, 1000); // warm-up
const samples = Object.fromEntries(Object.keys(modes).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Each round in another order, so that drift (load, GC, tiering) spreads over the modes.
  const names = Object.keys(modes);
  const order = round % 2 === 0 ? names : [...names].reverse();
  for (const name of order) {
    globalThis.gc?.();
    samples[name].push(await timePerCall(modes[name], CALLS));
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(samples.untraced);
process.stdout.write(`tools/call over the in-memory transport, ${CALLS} calls x ${ROUNDS} rounds, medians (exported ${exported} spans)\n\n`);
process.stdout.write('| mode | µs per call | tracing cost, µs | vs by hand |\n|---|---|---|---|\n');
for (const side of ['client', 'server']) {
  const floor = median(samples[`${side}, by hand`]) - base;
  const ours = median(samples[`${side}, @agentspan/mcp`]) - base;
  process.stdout.write(`| ${side}, by hand | ${median(samples[`${side}, by hand`]).toFixed(1)} | ${floor.toFixed(1)} | 1.00x |\n`);
  process.stdout.write(`| ${side}, @agentspan/mcp | ${median(samples[`${side}, @agentspan/mcp`]).toFixed(1)} | ${ours.toFixed(1)} | ${(ours / floor).toFixed(2)}x |\n`);
}
process.stdout.write(`| untraced | ${base.toFixed(1)} | | |\n`);
