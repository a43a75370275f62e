// A real client here and a real server in another process, over stdio and over Streamable
// HTTP: one trace from the agent's tool span through the server's tool span (and what the
// tool does), the network attributes of each transport, and every failure closing its spans.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { SpanFile } from '@agentspan/conformance/runner';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byName, outline, useTestEnv } from './support/env.js';
import { type HttpServer, buildOrderServer, spanFile, startHttpServer, stdioServer } from './support/processes.js';

const env = useTestEnv();
const ids = { name: 'support-agent', conversationId: 'conv-42', userId: 'user-7' };
let script = '';
beforeAll(async () => {
  script = await buildOrderServer();
}, 120_000);

/** Waits until the server process has written a span matching `done` (2 s at most). */
async function remoteSpans(spans: SpanFile, done: (s: ReadableSpan[]) => boolean): Promise<ReadableSpan[]> {
  const deadline = Date.now() + 2000;
  for (;;) {
    const read = spans.read();
    if (done(read) || Date.now() > deadline) return read;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const hasServerSpan = (s: ReadableSpan[]) => s.some((x) => x.kind === SpanKind.SERVER && x.name.startsWith('tools/call'));

interface Connected {
  client: Client;
  spans: SpanFile;
  close(): Promise<void>;
}

const transports: Record<'stdio' | 'http', { network: Record<string, unknown>; connect(): Promise<Connected> }> = {
  stdio: {
    network: { 'network.transport': 'pipe' },
    async connect() {
      const spans = spanFile();
      const client = new Client({ name: 'support-agent', version: '1.0.0' });
      await client.connect(new StdioClientTransport(stdioServer(script, spans)));
      return { client, spans, close: () => client.close() };
    },
  },
  http: {
    network: { 'network.transport': 'tcp', 'network.protocol.name': 'http', 'server.address': '127.0.0.1' },
    async connect() {
      const spans = spanFile();
      const server: HttpServer = await startHttpServer(script, spans);
      const client = new Client({ name: 'support-agent', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(server.url));
      return {
        client,
        spans,
        close: async () => {
          await client.close();
          await server.stop();
        },
      };
    },
  },
};

for (const [name, transport] of Object.entries(transports)) {
  describe(`two processes over ${name}`, () => {
    let c: Connected;
    beforeAll(async () => {
      c = await transport.connect();
    }, 60_000);
    afterAll(() => c?.close());

    it('one trace: the agent\'s tool span, the MCP client span, the server span, the server\'s tool span and what it does', async () => {
      await env.harness.reset();
      c.spans.reset();
      await env.agentspan.agent(ids, () =>
        env.agentspan.tool({ name: 'lookup_order', callId: 'call_1' }, () =>
          c.client.callTool({ name: 'lookup_order', arguments: { orderId: 'nested' } }),
        ),
      );
      const local = await env.spans();
      const remote = await remoteSpans(c.spans, (s) => s.some((x) => x.name === 'tools/call lookup_order'));
      const all = [...local, ...remote];
      expect(outline(all)).toEqual([
        'invoke_agent support-agent INTERNAL',
        '  execute_tool lookup_order INTERNAL',
        '    tools/call lookup_order CLIENT',
        '      tools/call lookup_order SERVER',
        '        execute_tool lookup_order INTERNAL',
        '          SELECT orders INTERNAL',
      ]);
      expect(new Set(all.map((s) => s.spanContext().traceId)).size).toBe(1);
      const client = byName(local, 'tools/call lookup_order', SpanKind.CLIENT);
      const server = byName(remote, 'tools/call lookup_order', SpanKind.SERVER);
      expect(client.attributes).toMatchObject({ ...transport.network, 'mcp.method.name': 'tools/call', 'mcp.protocol.version': expect.any(String) });
      expect(server.attributes).toMatchObject({ 'network.transport': transport.network['network.transport'], 'mcp.method.name': 'tools/call' });
      expect(server.attributes['mcp.protocol.version']).toBe(client.attributes['mcp.protocol.version']);
      expect(server.attributes['jsonrpc.request.id']).toBe(client.attributes['jsonrpc.request.id']);
      if (name === 'http') {
        expect(client.attributes['server.port']).toEqual(expect.any(Number));
        expect(client.attributes['mcp.session.id']).toEqual(expect.any(String));
        expect(server.attributes['mcp.session.id']).toBe(client.attributes['mcp.session.id']);
      }
    });

    it('a tool that throws: tool_error on both sides, the caller gets the isError result', async () => {
      await env.harness.reset();
      c.spans.reset();
      const result = await c.client.callTool({ name: 'lookup_order', arguments: { orderId: 'fail' } });
      expect(result.isError).toBe(true);
      const client = byName(await env.spans(), 'tools/call lookup_order', SpanKind.CLIENT);
      const remote = await remoteSpans(c.spans, hasServerSpan);
      for (const span of [client, byName(remote, 'tools/call lookup_order', SpanKind.SERVER), byName(remote, 'execute_tool lookup_order')]) {
        expect(span.status.code, span.name).toBe(SpanStatusCode.ERROR);
        expect(span.attributes['error.type'], span.name).toBe('tool_error');
      }
    });

    it('a timeout: the client span times out, the server span ends when the cancellation arrives', async () => {
      await env.harness.reset();
      c.spans.reset();
      const error = await c.client
        .callTool({ name: 'lookup_order', arguments: { orderId: 'hang' } }, undefined, { timeout: 200 })
        .catch((e: unknown) => e);
      expect((error as { code?: number }).code).toBe(-32001);
      const client = byName(await env.spans(), 'tools/call lookup_order', SpanKind.CLIENT);
      expect(client.attributes).toMatchObject({ 'error.type': 'timeout', 'agentspan.error.category': 'timeout' });
      const server = byName(await remoteSpans(c.spans, hasServerSpan), 'tools/call lookup_order', SpanKind.SERVER);
      expect(server.status.code).toBe(SpanStatusCode.ERROR);
      expect(server.parentSpanContext?.spanId).toBe(client.spanContext().spanId);
    });
  });
}

describe('the server process dies mid-call', () => {
  it('stdio: the pending call fails as connection_closed, its span ends', async () => {
    const c = await transports.stdio.connect();
    await env.harness.reset();
    const error = await c.client.callTool({ name: 'lookup_order', arguments: { orderId: 'die' } }).catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(-32000);
    const client = byName(await env.spans(), 'tools/call lookup_order', SpanKind.CLIENT);
    expect(client.attributes).toMatchObject({ 'error.type': 'connection_closed', 'agentspan.error.category': 'server_error' });
    await c.close();
  }, 60_000);

  it('Streamable HTTP: the POST fails (other side closed) or, with its response already streaming, the call times out: the span ends either way', async () => {
    const c = await transports.http.connect();
    await env.harness.reset();
    const error = await c.client
      .callTool({ name: 'lookup_order', arguments: { orderId: 'die' } }, undefined, { timeout: 500 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const client = byName(await env.spans(), 'tools/call lookup_order', SpanKind.CLIENT);
    expect(client.status.code).toBe(SpanStatusCode.ERROR);
    expect(client.attributes['agentspan.error.category']).toMatch(/^(timeout|server_error)$/);
    await c.close();
  }, 60_000);
});
