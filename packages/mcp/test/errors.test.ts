// Failures are classified and every span ends: JSON-RPC errors, tool results with isError,
// timeouts, a peer that goes away mid-call, a transport that cannot send.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { byName, useTestEnv } from './support/env.js';
import { OrderServiceError, connectPair } from './support/pair.js';

const env = useTestEnv();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('failures', () => {
  it('a tool result with isError: both MCP spans and the tool span ERROR, error.type tool_error', async () => {
    const pair = await connectPair({
      onLookup: () => {
        throw new OrderServiceError();
      },
    });
    const result = await pair.client.callTool({ name: 'lookup_order', arguments: { orderId: '42' } });
    expect(result.isError).toBe(true); // the caller's result is the SDK's, unchanged
    await pair.close();
    const spans = await env.spans();
    for (const span of [
      byName(spans, 'tools/call lookup_order', SpanKind.CLIENT),
      byName(spans, 'tools/call lookup_order', SpanKind.SERVER),
      byName(spans, 'execute_tool lookup_order'),
    ]) {
      expect(span.status.code, span.name).toBe(SpanStatusCode.ERROR);
      expect(span.attributes['error.type'], span.name).toBe('tool_error');
      // "upstream timeout": the core's category of the tool's message
      expect(span.attributes['agentspan.error.category'], span.name).toBe('timeout');
    }
  });

  it('a JSON-RPC error response: error.type and rpc.response.status_code are the code', async () => {
    const pair = await connectPair();
    const error = await pair.client
      .request({ method: 'completion/unknown', params: {} } as never, z.object({}))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    await pair.close();
    const spans = await env.spans();
    const client = byName(spans, 'completion/unknown', SpanKind.CLIENT);
    expect(client.status).toEqual({ code: SpanStatusCode.ERROR, message: 'Method not found' });
    expect(client.attributes).toMatchObject({
      'error.type': '-32601',
      'rpc.response.status_code': '-32601',
      'agentspan.error.category': 'not_found',
    });
    expect(client.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('a timeout: the client span ends as timeout, the server span as cancelled by the caller', async () => {
    let release = (): void => {};
    const pair = await connectPair({ onLookup: () => new Promise<void>((r) => (release = r)) });
    const error = await pair.client
      .callTool({ name: 'lookup_order', arguments: { orderId: '42' } }, undefined, { timeout: 30 })
      .catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(-32001);
    release();
    await sleep(5);
    await pair.close();
    const spans = await env.spans();
    const client = byName(spans, 'tools/call lookup_order', SpanKind.CLIENT);
    expect(client.attributes).toMatchObject({ 'error.type': 'timeout', 'agentspan.error.category': 'timeout' });
    const server = byName(spans, 'tools/call lookup_order', SpanKind.SERVER);
    expect(server.status.code).toBe(SpanStatusCode.ERROR);
    expect(server.attributes['error.type']).toBe('timeout');
    expect(byName(spans, 'execute_tool lookup_order').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('an abort by the caller: cancelled, no exception event', async () => {
    let release = (): void => {};
    const pair = await connectPair({ onLookup: () => new Promise<void>((r) => (release = r)) });
    const abort = new AbortController();
    const pending = pair.client
      .callTool({ name: 'lookup_order', arguments: { orderId: '42' } }, undefined, { signal: abort.signal })
      .catch((e: unknown) => e);
    await sleep(5);
    abort.abort();
    await pending;
    release();
    await pair.close();
    const client = byName(await env.spans(), 'tools/call lookup_order', SpanKind.CLIENT);
    expect(client.attributes).toMatchObject({ 'error.type': 'cancelled', 'agentspan.error.category': 'cancelled' });
    expect(client.events).toEqual([]);
  });

  it('the server goes away mid-call: the client span ends as connection_closed, the handler span as cancelled', async () => {
    const pair = await connectPair({ onLookup: () => new Promise<void>(() => {}) });
    const pending = pair.client.callTool({ name: 'lookup_order', arguments: { orderId: '42' } }).catch((e: unknown) => e);
    await sleep(5);
    await pair.serverTransport.close();
    const error = await pending;
    expect((error as { code?: number }).code).toBe(-32000);
    const spans = await env.spans();
    const client = byName(spans, 'tools/call lookup_order', SpanKind.CLIENT);
    expect(client.attributes).toMatchObject({ 'error.type': 'connection_closed', 'agentspan.error.category': 'server_error' });
    const server = byName(spans, 'tools/call lookup_order', SpanKind.SERVER);
    expect(server.attributes).toMatchObject({ 'error.type': 'connection_closed', 'agentspan.error.category': 'cancelled' });
  });

  it('a transport that cannot send: the caller gets its error unchanged, the span records it', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const transport = {
      start: async () => {},
      close: async () => {},
      send: async () => {
        throw refused;
      },
    };
    const client = new Client({ name: 'c', version: '1' });
    const error = await client.connect(transport).catch((e: unknown) => e);
    expect(error).toBe(refused);
    const span = byName(await env.spans(), 'initialize', SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes).toMatchObject({ 'error.type': 'Error', 'agentspan.error.category': 'server_error' });
  });
});
