// Trace context in params._meta: injected into a copy (the caller's objects untouched), with
// the registered propagator or, when none is registered, W3C trace context; the turn's ids
// only when asked; read back on the server side into one trace.
import { propagation, SpanKind } from '@opentelemetry/api';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { describe, expect, it } from 'vitest';
import { traceMcpTransport } from '../src/index.js';
import { byName, registerW3CPropagator, useTestEnv } from './support/env.js';
import { orderServer } from './support/pair.js';
import { linkedPair, rawEnd } from './support/raw.js';

const env = useTestEnv({ instrument: false });
const ids = { name: 'support-agent', conversationId: 'conv-42', userId: 'user-7' };

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

async function tracedPair(options: Parameters<typeof traceMcpTransport>[1] = {}) {
  const [c, s] = linkedPair();
  const server = orderServer();
  await server.connect(traceMcpTransport(s, options));
  const client = new Client({ name: 'c', version: '1' });
  await client.connect(traceMcpTransport(c, options));
  return {
    client,
    server,
    async close() {
      await client.close();
      await server.close();
    },
  };
}

describe('injection', () => {
  it('the request on the wire carries traceparent in a copy of params._meta; the caller\'s params are not touched', async () => {
    const [c, s] = linkedPair();
    const server = await rawEnd(s);
    const client = new Client({ name: 'c', version: '1' });
    // An untraced peer answers initialize by hand; the client's transport is traced.
    const connected = client.connect(traceMcpTransport(c));
    const init = (await server.next()) as { id: number; params: { protocolVersion: string } };
    const protocolVersion = init.params.protocolVersion; // whatever this SDK version speaks
    await s.send({ jsonrpc: '2.0', id: init.id, result: { protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 's', version: '1' } } });
    await connected;
    await server.next(); // notifications/initialized
    const params = deepFreeze({ name: 'lookup_order', arguments: { orderId: '42' }, _meta: { 'com.example/tag': 'x' } });
    const call = client.callTool(params);
    const wire = (await server.next()) as { id: number; params: { _meta: Record<string, string> } };
    await s.send({ jsonrpc: '2.0', id: wire.id, result: { content: [] } });
    await call;
    expect(wire.params._meta['com.example/tag']).toBe('x');
    expect(wire.params._meta.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(params._meta).toEqual({ 'com.example/tag': 'x' });
    const span = byName(await env.spans(), 'tools/call lookup_order', SpanKind.CLIENT);
    expect(wire.params._meta.traceparent).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    await client.close();
  });

  it('no propagator registered: W3C trace context all the same, one trace', async () => {
    propagation.disable();
    try {
      const pair = await tracedPair();
      await pair.client.callTool({ name: 'lookup_order', arguments: { orderId: '42' } });
      await pair.close();
      const spans = await env.spans();
      const client = byName(spans, 'tools/call lookup_order', SpanKind.CLIENT);
      const server = byName(spans, 'tools/call lookup_order', SpanKind.SERVER);
      expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
      expect(server.spanContext().traceId).toBe(client.spanContext().traceId);
    } finally {
      registerW3CPropagator();
    }
  });

  it('turn ids reach the server only with propagateTurnIds', async () => {
    for (const propagateTurnIds of [false, true]) {
      await env.harness.reset();
      const pair = await tracedPair({ propagateTurnIds });
      await env.agentspan.agent(ids, () => pair.client.callTool({ name: 'lookup_order', arguments: { orderId: '42' } }));
      await pair.close();
      const spans = await env.spans();
      for (const span of [byName(spans, 'tools/call lookup_order', SpanKind.SERVER), byName(spans, 'execute_tool lookup_order')]) {
        expect(span.attributes['gen_ai.conversation.id'], `${span.name} ${propagateTurnIds}`).toBe(propagateTurnIds ? 'conv-42' : undefined);
        expect(span.attributes['user.id'], `${span.name} ${propagateTurnIds}`).toBe(propagateTurnIds ? 'user-7' : undefined);
      }
    }
  });

  it('the application\'s own baggage travels with the registered propagator', async () => {
    const pair = await tracedPair();
    const baggage = propagation.createBaggage({ 'gen_ai.conversation.id': { value: 'conv-from-baggage' } });
    const { context } = await import('@opentelemetry/api');
    await context.with(propagation.setBaggage(context.active(), baggage), () =>
      pair.client.callTool({ name: 'lookup_order', arguments: { orderId: '42' } }),
    );
    await pair.close();
    const server = byName(await env.spans(), 'tools/call lookup_order', SpanKind.SERVER);
    expect(server.attributes['gen_ai.conversation.id']).toBe('conv-from-baggage');
  });
});
