// Tracing never breaks the exchange, whatever the peer or the caller sends: hostile _meta
// (malformed traceparent, huge baggage, not an object, getters that throw) is ignored; a
// traced server answers exactly what an untraced one answers; a traced client sends the
// caller's message unchanged but for the trace keys, and never touches the caller's objects.
import { SpanKind } from '@opentelemetry/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { traceMcpTransport } from '../src/index.js';
import { useTestEnv } from './support/env.js';
import { orderServer } from './support/pair.js';
import { linkedPair, rawEnd } from './support/raw.js';

const env = useTestEnv({ instrument: false });

const throwing = new Proxy(
  {},
  {
    get() {
      throw new Error('hostile getter');
    },
    ownKeys() {
      throw new Error('hostile keys');
    },
  },
);

const VALID_PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

/** What a peer may put in `_meta`. */
const hostileMeta = fc.oneof(
  fc.anything(),
  fc.constant(throwing),
  fc.constant([VALID_PARENT]),
  fc.record({
    traceparent: fc.oneof(
      fc.string(),
      fc.constant(VALID_PARENT),
      fc.constant(`${VALID_PARENT}-extra`),
      fc.constant('ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01'),
      fc.constant('00-00000000000000000000000000000000-b7ad6b7169203331-01'),
      fc.constant('x'.repeat(100_000)),
      fc.integer(),
    ),
    tracestate: fc.oneof(fc.string(), fc.constant('a=b,'.repeat(50_000))),
    baggage: fc.oneof(
      fc.string(),
      fc.constant(`gen_ai.conversation.id=${'c'.repeat(1_000_000)}`),
      fc.constant('%E0%A4%A=broken,user.id=%'),
      fc.constant(Array.from({ length: 5000 }, (_, i) => `k${i}=v`).join(',')),
    ),
  }),
);

async function exchange(traced: boolean, meta: unknown): Promise<unknown> {
  const [c, s] = linkedPair();
  const server = orderServer();
  await server.connect(traced ? traceMcpTransport(s) : s);
  const client = await rawEnd(c);
  const request = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'lookup_order', arguments: { orderId: '42' }, _meta: meta } };
  let outcome: unknown;
  try {
    await c.send(request as never);
    outcome = await Promise.race([client.next(), new Promise((r) => setTimeout(() => r('no response'), 50))]);
  } catch (error) {
    outcome = { thrown: error instanceof Error ? error.message : String(error) };
  }
  await server.close();
  return outcome;
}

describe('a hostile peer', () => {
  it('any _meta: the traced server answers what the untraced one answers, and its spans end', async () => {
    await fc.assert(
      fc.asyncProperty(hostileMeta, async (meta) => {
        await env.harness.reset();
        const untraced = await exchange(false, meta);
        const traced = await exchange(true, meta);
        expect(traced).toEqual(untraced);
        const spans = await env.spans(); // throws when a span is left open
        const server = spans.find((s) => s.kind === SpanKind.SERVER);
        // Only a well-formed traceparent becomes the parent.
        const parent = server?.parentSpanContext;
        if (parent) expect(parent.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
        for (const span of spans) {
          expect(String(span.attributes['gen_ai.conversation.id'] ?? '').length).toBeLessThanOrEqual(256);
        }
      }),
      { numRuns: 80 },
    );
  }, 60_000);
});

describe('a hostile caller', () => {
  it('any params: the message on the wire is the caller\'s, plus trace keys in a copied _meta; the caller\'s object is unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ _meta: fc.jsonValue() }, { requiredKeys: [] })), async (params) => {
        const [c, s] = linkedPair();
        const server = await rawEnd(s);
        traceMcpTransport(c);
        await c.start();
        const snapshot = structuredClone(params);
        const message = { jsonrpc: '2.0' as const, id: 1, method: 'tools/call', params };
        await c.send(message as never);
        const wire = (await server.next()) as { params?: { _meta?: Record<string, unknown> } };
        expect(params).toEqual(snapshot);
        const { traceparent, tracestate, baggage, ...meta } = (wire.params?._meta ?? {}) as Record<string, unknown>;
        void tracestate;
        void baggage;
        if (traceparent === undefined) expect(wire).toEqual(message);
        else {
          const expectedMeta = (params as { _meta?: unknown })?._meta ?? {};
          expect(meta).toEqual(expectedMeta);
          expect({ ...wire, params: { ...wire.params, _meta: undefined } }).toEqual({
            ...message,
            params: { ...(params as object), _meta: undefined },
          });
        }
        await c.close();
        await env.spans();
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('params with throwing getters go out untouched, the caller gets the SDK\'s behaviour', async () => {
    const [c, s] = linkedPair();
    const server = await rawEnd(s);
    traceMcpTransport(c);
    await c.start();
    const message = { jsonrpc: '2.0' as const, id: 1, method: 'tools/call', params: throwing };
    await c.send(message as never);
    expect(await server.next()).toBe(message);
    await c.close();
    await env.spans();
  });
});
