// Behind instrumentation-http (as recommended), agentspan() enriches its span: the suite of
// registration.test.ts, plus a request without GenAI work (named, ids, no rollups) and the
// error handler recording on the span.
import { setupOtel, until } from '@agentspan/testing-http';
import { trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { requestTrace } from '../src/index.js';
import { registrationSuite } from './support/registration-suite.js';

const otel = setupOtel();
const { default: express } = await import('express');

describe('agentspan() behind instrumentation-http', () => {
  const { base, servers } = registrationSuite(otel, express, (app) => {
    app.get('/plain/:n', (req, res) => {
      // the handler runs in a context whose active span is instrumentation-http's
      res.json({ traced: requestTrace(req)?.span === trace.getActiveSpan() });
    });
    app.get('/fail', () => {
      throw new Error('handler failed');
    });
  });

  it('a request without GenAI work: its one span is named by the route and carries the ids, no rollups', async () => {
    const res = await fetch(`${base()}/plain/1`, { headers: { 'x-conversation-id': 'c-1', 'x-user-id': 'u-1' } });
    expect(await res.json()).toEqual({ traced: true });
    await until(() => servers().length === 1);
    const [span] = servers();
    expect(span!.name).toBe('GET /plain/:n');
    expect(span!.attributes).toMatchObject({ 'http.route': '/plain/:n', 'gen_ai.conversation.id': 'c-1', 'user.id': 'u-1' });
    expect(span!.attributes['agentspan.tool.calls']).toBeUndefined();
  });

  it("the error handler records a handler's error on the span; the response stays Express's", async () => {
    const res = await fetch(`${base()}/fail`);
    expect(res.status).toBe(500);
    await until(() => servers().length === 1);
    const [span] = servers();
    expect(span!.attributes['error.type']).toBe('Error');
    expect(span!.events.map((e) => e.name)).toEqual(['exception']);
  });
});
