// Tool arguments and results are content: captured only when the core's capture is on,
// redacted and truncated by the core, once per side (the MCP client span when it is the
// tool span, the server's execute_tool), never on the protocol spans around them.
import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { byName, useTestEnv } from './support/env.js';
import { connectPair } from './support/pair.js';

const env = useTestEnv();
const PII = 'mail jane.doe@example.com, key sk-abcdefghijklmnopqrstuvwx';

async function call(): Promise<void> {
  const pair = await connectPair();
  await pair.client.callTool({ name: 'lookup_order', arguments: { orderId: '42', note: PII } });
  await pair.close();
}

describe('content capture', () => {
  it('off by default: no arguments, no results anywhere', async () => {
    await call();
    for (const span of await env.spans()) {
      expect(span.attributes['gen_ai.tool.call.arguments'], span.name).toBeUndefined();
      expect(span.attributes['gen_ai.tool.call.result'], span.name).toBeUndefined();
    }
  });

  it('on: arguments and result on the client tool span and the server tool span, redacted', async () => {
    env.configure({ captureContent: true });
    await call();
    const spans = await env.spans();
    const client = byName(spans, 'tools/call lookup_order', SpanKind.CLIENT);
    const tool = byName(spans, 'execute_tool lookup_order');
    for (const span of [client, tool]) {
      const args = JSON.parse(String(span.attributes['gen_ai.tool.call.arguments']));
      expect(args, span.name).toEqual({ orderId: '42', note: 'mail [EMAIL], key [SECRET]' });
      const result = JSON.parse(String(span.attributes['gen_ai.tool.call.result']));
      expect(result.content[0].text, span.name).toBe('{"status":"delivered"}');
    }
    const server = byName(spans, 'tools/call lookup_order', SpanKind.SERVER);
    expect(server.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    const raw = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.events]));
    expect(raw).not.toContain('jane.doe@example.com');
    expect(raw).not.toContain('sk-abcdefghijklmnopqrstuvwx');
  });

  it('on, inside an application tool span: the MCP client span carries no second copy', async () => {
    env.configure({ captureContent: true });
    const pair = await connectPair();
    await env.agentspan.tool({ name: 'lookup_order', arguments: { orderId: '42' } }, () =>
      pair.client.callTool({ name: 'lookup_order', arguments: { orderId: '42' } }),
    );
    await pair.close();
    const client = byName(await env.spans(), 'tools/call lookup_order', SpanKind.CLIENT);
    expect(client.attributes['gen_ai.tool.call.arguments']).toBeUndefined();
    expect(client.attributes['gen_ai.tool.call.result']).toBeUndefined();
  });
});
