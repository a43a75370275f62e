// Behind instrumentation-http (as recommended), agentspan() enriches its span: the suite of
// registration.test.ts, plus a request without GenAI work (ids, no rollups, left unnamed
// unless asked), the error handler recording on the span, and a listener of the request's
// end, which hooks the response only then.
import { Agentspan } from '@agentspan/core';
import { setupOtel, until } from '@agentspan/testing-http';
import { trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentspan, requestTrace } from '../src/index.js';
import { registrationSuite } from './support/registration-suite.js';

const otel = setupOtel();
const { default: express } = await import('express');

/** The route every app here has: the handler runs in a context whose active span is instrumentation-http's. */
function plainRoute(app: ReturnType<typeof express>): void {
  app.get('/plain/:n', (req, res) => {
    res.json({ traced: requestTrace(req)?.span === trace.getActiveSpan() });
  });
}

describe('agentspan() behind instrumentation-http', () => {
  const ends: number[] = [];
  const { base, servers } = registrationSuite(otel, express, (app) => {
    plainRoute(app);
    app.get('/fail', () => {
      throw new Error('handler failed');
    });
    app.get('/ends', (req, res) => {
      requestTrace(req)?.onEnd((t) => ends.push(t.rollup.toolCalls));
      res.send('ok');
    });
  });

  it("a request without GenAI work carries the ids, no rollups, and keeps instrumentation-http's name", async () => {
    const res = await fetch(`${base()}/plain/1`, { headers: { 'x-conversation-id': 'c-1', 'x-user-id': 'u-1' } });
    expect(await res.json()).toEqual({ traced: true });
    await until(() => servers().length === 1);
    const [span] = servers();
    expect(span!.name).toBe('GET'); // no listener on its response: see nameEveryRequest below
    expect(span!.attributes).toMatchObject({ 'gen_ai.conversation.id': 'c-1', 'user.id': 'u-1' });
    expect(span!.attributes['http.route']).toBeUndefined();
    expect(span!.attributes['agentspan.tool.calls']).toBeUndefined();
  });

  it("the error handler records a handler's error on the span, named by the route; the response stays Express's", async () => {
    const res = await fetch(`${base()}/fail`);
    expect(res.status).toBe(500);
    await until(() => servers().length === 1);
    const [span] = servers();
    expect(span!.name).toBe('GET /fail');
    expect(span!.attributes['error.type']).toBe('Error');
    expect(span!.events.map((e) => e.name)).toEqual(['exception']);
  });

  it("a handler's listener of the request's end hooks the response then, and runs when it is over", async () => {
    const res = await fetch(`${base()}/ends`);
    expect(await res.text()).toBe('ok');
    await until(() => ends.length === 1);
    expect(ends).toEqual([0]);
  });
});

describe('agentspan({ nameEveryRequest: true }) behind instrumentation-http', () => {
  let server: ReturnType<ReturnType<typeof express>['listen']> | undefined;
  let base = '';
  beforeAll(async () => {
    const app = express();
    app.use(agentspan({ agentspan: new Agentspan(), nameEveryRequest: true }));
    plainRoute(app);
    server = app.listen(0);
    await new Promise((r) => server?.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => server?.close());

  it('names a request without GenAI work by its route too', async () => {
    otel.exporter.reset();
    const res = await fetch(`${base}/plain/2`);
    expect(await res.json()).toEqual({ traced: true });
    await until(() => otel.spans().length === 1);
    const [span] = otel.spans();
    expect(span!.name).toBe('GET /plain/:n');
    expect(span!.attributes['http.route']).toBe('/plain/:n');
  });
});
