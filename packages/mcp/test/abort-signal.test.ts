// Clients that give up through the send's abort signal instead of notifications/cancelled
// (the AI SDK's MCP client): the pending call's span ends when the signal aborts, as a
// timeout or a cancellation by its reason; a response that arrives later changes nothing.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { traceMcpTransport } from '../src/index.js';
import { byName, useTestEnv } from './support/env.js';
import { linkedPair, rawEnd } from './support/raw.js';

const env = useTestEnv({ instrument: false });
const request = { jsonrpc: '2.0' as const, id: 1, method: 'tools/call', params: { name: 'lookup_order', arguments: { orderId: '42' } } };

async function abortedCall(reason: unknown): Promise<void> {
  const [c, s] = linkedPair();
  const server = await rawEnd(s);
  traceMcpTransport(c);
  await c.start();
  const controller = new AbortController();
  await c.send(request as never, { signal: controller.signal } as never);
  await server.next();
  controller.abort(reason);
  await s.send({ jsonrpc: '2.0', id: 1, result: { content: [] } }); // too late
  await c.close();
}

describe('an abort signal on the send', () => {
  it('a timeout reason: the span ends as timeout', async () => {
    await abortedCall(new Error('Request timed out after 50ms'));
    const span = byName(await env.spans(), 'tools/call lookup_order', SpanKind.CLIENT);
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.attributes).toMatchObject({ 'error.type': 'timeout', 'agentspan.error.category': 'timeout' });
  });

  it('an abort: cancelled, no exception event', async () => {
    await abortedCall(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }));
    const span = byName(await env.spans(), 'tools/call lookup_order', SpanKind.CLIENT);
    expect(span.attributes).toMatchObject({ 'error.type': 'cancelled', 'agentspan.error.category': 'cancelled' });
    expect(span.events).toEqual([]);
  });
});
