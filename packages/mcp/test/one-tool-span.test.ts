// One tool call is one execute_tool, counted once: inside a framework's (or the core's) tool
// span the MCP client span is only the protocol call beneath it; called directly, the MCP
// client span is the tool span (the conventions' execute_tool-compatible MCP span).
import { SpanKind } from '@opentelemetry/api';
import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { byName, outline, useTestEnv } from './support/env.js';
import { connectPair } from './support/pair.js';

const env = useTestEnv();
const ids = { name: 'support-agent', conversationId: 'conv-42', userId: 'user-7' };

function withoutInitialize(lines: string[]): string[] {
  return lines.filter((l) => !l.trimStart().startsWith('initialize'));
}

async function toolPoints(): Promise<number> {
  const metrics = await env.harness.metricReader.takeRecorded();
  let count = 0;
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== 'gen_ai.execute_tool.duration') continue;
      for (const point of metric.dataPoints) count += (point.value as { count: number }).count;
    }
  }
  return count;
}

describe('one tool span per tool call', () => {
  it('inside the application\'s tool span: one execute_tool on the client side, the MCP call under it, one tool call rolled up', async () => {
    // The server runs in its own process in production: here its tool metric would mix in.
    const pair = await connectPair();
    await env.harness.metricReader.takeRecorded();
    await env.agentspan.agent(ids, () =>
      env.agentspan.tool({ name: 'lookup_order', callId: 'call_1' }, () =>
        pair.client.callTool({ name: 'lookup_order', arguments: { orderId: '42' } }),
      ),
    );
    await pair.close();
    const spans = await env.spans();
    expect(withoutInitialize(outline(spans))).toEqual([
      'invoke_agent support-agent INTERNAL',
      '  execute_tool lookup_order INTERNAL',
      '    tools/call lookup_order CLIENT',
      '      tools/call lookup_order SERVER',
      '        execute_tool lookup_order INTERNAL',
    ]);
    const client = byName(spans, 'tools/call lookup_order', SpanKind.CLIENT);
    expect(client.attributes['gen_ai.operation.name']).toBeUndefined();
    expect(client.attributes['gen_ai.conversation.id']).toBe('conv-42');
    expect(byName(spans, 'invoke_agent support-agent').attributes['agentspan.tool.calls']).toBe(1);
    // the application's tool span and the server's: no point from the MCP client span
    expect(await toolPoints()).toBe(2);
  });

  it('called directly inside an agent: the MCP client span is the execute_tool, counted once', async () => {
    const pair = await connectPair();
    await env.harness.metricReader.takeRecorded();
    await env.agentspan.agent(ids, () => pair.client.callTool({ name: 'lookup_order', arguments: { orderId: '42' } }));
    await pair.close();
    const spans = await env.spans();
    const client = byName(spans, 'tools/call lookup_order', SpanKind.CLIENT);
    expect(client.attributes).toMatchObject({
      'gen_ai.operation.name': 'execute_tool',
      'gen_ai.tool.name': 'lookup_order',
      'gen_ai.agent.name': 'support-agent',
      'gen_ai.conversation.id': 'conv-42',
      'user.id': 'user-7',
    });
    expect(byName(spans, 'invoke_agent support-agent').attributes['agentspan.tool.calls']).toBe(1);
    expect(await toolPoints()).toBe(2); // the MCP client span's and the server's tool span's
  });

  it('inside another instrumentation\'s execute_tool span (not agentspan\'s): not a second tool span', async () => {
    const pair = await connectPair();
    const tracer = trace.getTracer('other-genai-instrumentation');
    await tracer.startActiveSpan('execute_tool lookup_order', { attributes: { 'gen_ai.operation.name': 'execute_tool' } }, async (span) => {
      await pair.client.callTool({ name: 'lookup_order', arguments: { orderId: '42' } });
      span.end();
    });
    await pair.close();
    const client = byName(await env.spans(), 'tools/call lookup_order', SpanKind.CLIENT);
    expect(client.attributes['gen_ai.operation.name']).toBeUndefined();
  });

  it('other methods are never tool spans', async () => {
    const pair = await connectPair();
    await env.agentspan.agent(ids, () => pair.client.listTools());
    await pair.close();
    const spans = await env.spans();
    expect(byName(spans, 'tools/list', SpanKind.CLIENT).attributes['gen_ai.operation.name']).toBeUndefined();
    expect(byName(spans, 'invoke_agent support-agent').attributes['agentspan.tool.calls']).toBe(0);
  });
});
