// The spans of every kind of request, through a real SDK client and server (in process, over
// the SDK's in-memory transport): names, kinds, MCP attributes, one trace across both sides.
import { SpanKind, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { byName, outline, useTestEnv } from './support/env.js';
import { connectPair } from './support/pair.js';

const env = useTestEnv();

describe('client and server spans', () => {
  it('initialize, tools/list, tools/call, prompts/get, resources/read: a CLIENT span each, the SERVER span under it', async () => {
    const pair = await connectPair();
    await pair.client.listTools();
    await pair.client.callTool({ name: 'lookup_order', arguments: { orderId: '42' } });
    await pair.client.getPrompt({ name: 'summarize', arguments: { orderId: '42' } });
    await pair.client.readResource({ uri: 'policy://returns' });
    await pair.close();
    const spans = await env.spans();
    expect(outline(spans)).toEqual([
      'initialize CLIENT',
      '  initialize SERVER',
      'tools/list CLIENT',
      '  tools/list SERVER',
      'tools/call lookup_order CLIENT',
      '  tools/call lookup_order SERVER',
      '    execute_tool lookup_order INTERNAL',
      'prompts/get summarize CLIENT',
      '  prompts/get summarize SERVER',
      'resources/read CLIENT',
      '  resources/read SERVER',
    ]);
    const client = byName(spans, 'tools/call lookup_order', SpanKind.CLIENT);
    const server = byName(spans, 'tools/call lookup_order', SpanKind.SERVER);
    expect(client.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'lookup_order',
      'gen_ai.operation.name': 'execute_tool',
      'jsonrpc.request.id': expect.any(String),
      'mcp.protocol.version': expect.any(String),
    });
    expect(server.attributes).toMatchObject({ 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'lookup_order' });
    // The server span is not a second execute_tool: the tool span below it is.
    expect(server.attributes['gen_ai.operation.name']).toBeUndefined();
    expect(server.attributes['jsonrpc.request.id']).toBe(client.attributes['jsonrpc.request.id']);
    expect(server.spanContext().traceId).toBe(client.spanContext().traceId);
    expect(byName(spans, 'prompts/get summarize', SpanKind.CLIENT).attributes['gen_ai.prompt.name']).toBe('summarize');
    expect(byName(spans, 'resources/read', SpanKind.CLIENT).attributes['mcp.resource.uri']).toBe('policy://returns');
    expect(byName(spans, 'execute_tool lookup_order').attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.type': 'function',
    });
  });

  it('the tool handler runs inside its execute_tool span: spans it makes nest there', async () => {
    const tracer = trace.getTracer('app');
    const pair = await connectPair({
      onLookup: async () => {
        await tracer.startActiveSpan('SELECT orders', async (span) => {
          await new Promise((r) => setTimeout(r, 1));
          span.end();
        });
      },
    });
    await env.agentspan.agent({ name: 'support-agent', conversationId: 'conv-42', userId: 'user-7' }, () =>
      pair.client.callTool({ name: 'lookup_order', arguments: { orderId: '42' } }),
    );
    await pair.close();
    const spans = await env.spans();
    expect(outline(spans).filter((l) => !l.startsWith('initialize') && !l.startsWith('  initialize'))).toEqual([
      'invoke_agent support-agent INTERNAL',
      '  tools/call lookup_order CLIENT',
      '    tools/call lookup_order SERVER',
      '      execute_tool lookup_order INTERNAL',
      '        SELECT orders INTERNAL',
    ]);
  });
});
