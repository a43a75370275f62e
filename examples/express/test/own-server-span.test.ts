// Without instrumentation-http the middleware starts the request's SERVER span itself:
// still exactly one, named by the route, ended with the response, carrying the rollups.
import { Agentspan, } from '@agentspan/core';
import { FIXTURE_PRICES, S1 } from '@agentspan/conformance';
import { SpanKind, SpanStatusCode, context, createContextKey } from '@opentelemetry/api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { agentTurn, requestTrace } from '@agentspan/express';
import { childrenOf, setupOtel, until } from '@agentspan/testing-http';

const otel = setupOtel({ http: false });
const { default: express } = await import('express');
const { startApp, pendingTurns } = await import('../src/app.js');
const { post } = await import('@agentspan/testing-http');

const as = new Agentspan({ prices: FIXTURE_PRICES });
const STATE = createContextKey('agentspan.state');
let app: Awaited<ReturnType<typeof startApp>>;
const userErrors: unknown[] = [];
const thrown = new Error('handler failed');

beforeAll(async () => {
  app = await startApp(
    express,
    { agentspan: as, conversationId: (req) => String(req.headers['x-session'] ?? '') || undefined, userId: 'x-account' },
    (a) => {
      a.get('/orders/:id', (req, res) => {
        // a turn run where the async context was lost still lands under the request
        setImmediate(() =>
          context.with(context.active(), () =>
            void agentTurn(req, { name: 'order-agent' }, async () => 'ok').then(() => res.send(requestTrace(req)?.identity)),
          ),
        );
      });
      a.get('/boom', () => {
        throw thrown;
      });
      a.post('/raw', (req, res) => {
        req.on('data', () => undefined);
        req.on('end', () => res.json({ hasState: context.active().getValue(STATE) !== undefined }));
      });
    },
    (a) => {
      a.use((error: unknown, _req: unknown, res: { status(n: number): { send(b: string): void } }, next: (e?: unknown) => void) => {
        userErrors.push(error);
        if (error === thrown) res.status(418).send('teapot');
        else next(error);
      });
    },
  );
});
afterAll(() => app.close());
beforeEach(() => otel.exporter.reset());

const servers = () => otel.spans().filter((s) => s.kind === SpanKind.SERVER);

describe('express without instrumentation-http', () => {
  it('starts one SERVER span per request, named {method} {route}, ended with the response', async () => {
    const id = 'own-1';
    pendingTurns.set(id, { variant: 'ok', userMessage: S1.userMessage });
    const res = await post(app.port, '/turns/support', {}, { 'x-turn-id': id, 'x-session': 'conv-42', 'x-account': 'user-7' });
    expect(res.status).toBe(200);
    await until(() => servers().length === 1);
    const server = servers()[0]!;
    expect(server.name).toBe('POST /turns/:kind');
    expect(server.instrumentationScope.name).toBe('@agentspan/core');
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/turns/:kind',
      'url.path': '/turns/support',
      'http.response.status_code': 200,
      'gen_ai.conversation.id': 'conv-42',
      'user.id': 'user-7',
      'agentspan.usage.input_tokens': 932,
      'agentspan.usage.output_tokens': 88,
      'agentspan.llm.calls': 2,
      'agentspan.tool.calls': 1,
    });
    expect(server.attributes['agentspan.cost.usd']).toBeCloseTo(0.000183, 12);
    expect(server.parentSpanContext).toBeUndefined();
    expect(childrenOf(otel.spans(), server).map((s) => s.name)).toEqual(['invoke_agent support-agent']);
    expect(otel.spans()).toHaveLength(8);
  });

  it('agentTurn(req, …) parents a turn under the request where the async context was lost', async () => {
    const res = await fetch(`http://127.0.0.1:${app.port}/orders/7`, { headers: { 'x-session': 's-1', 'x-account': 'u-1' } });
    expect(await res.json()).toEqual({ conversationId: 's-1', userId: 'u-1' });
    await until(() => servers().length === 1);
    const server = servers()[0]!;
    expect(server.name).toBe('GET /orders/:id');
    const [agent] = childrenOf(otel.spans(), server);
    expect(agent?.name).toBe('invoke_agent order-agent');
    expect(agent?.attributes['gen_ai.conversation.id']).toBe('s-1');
  });

  it("records a handler's error on the server span and leaves the response to the app's own error handler", async () => {
    const res = await fetch(`http://127.0.0.1:${app.port}/boom`);
    expect(res.status).toBe(418);
    expect(await res.text()).toBe('teapot');
    expect(userErrors.at(-1)).toBe(thrown); // the same object, unchanged
    await until(() => servers().length === 1);
    const server = servers()[0]!;
    expect(server.attributes['error.type']).toBe('Error');
    expect(server.events.map((e) => e.name)).toEqual(['exception']);
    expect(server.events[0]?.attributes?.['exception.message']).toBe('handler failed');
    expect(server.status.code).toBe(SpanStatusCode.UNSET);
  });

  it("listeners a handler adds on the request run in the request's context", async () => {
    const res = await fetch(`http://127.0.0.1:${app.port}/raw`, { method: 'POST', body: 'x'.repeat(1_000_000) });
    expect(await res.json()).toEqual({ hasState: true });
  });
});
