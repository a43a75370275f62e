// The middleware registered twice (or behind another agentspan adapter) traces a request
// once; handlers find the request's trace from `req` over keep-alive connections, one
// request after another, even where the async context was lost.
import { Agentspan } from '@agentspan/core';
import { FIXTURE_PRICES } from '@agentspan/conformance';
import { SpanKind, ROOT_CONTEXT, context } from '@opentelemetry/api';
import { Agent, get } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { agentspan, requestTrace } from '../src/index.js';
import { setupOtel, until } from '@agentspan/testing-http';

const otel = setupOtel({ http: false });
const { default: express } = await import('express');

const as = new Agentspan({ prices: FIXTURE_PRICES });
const servers = () => otel.spans().filter((s) => s.kind === SpanKind.SERVER);
let server: ReturnType<ReturnType<typeof express>['listen']>;
let base = '';

beforeAll(async () => {
  const app = express();
  app.use(agentspan({ agentspan: as }), agentspan({ agentspan: as }));
  app.get('/tool/:n', (req, res) => {
    const inContext = requestTrace(req);
    // where the async context was lost: the trace is found from the request object
    context.with(ROOT_CONTEXT, () => {
      const trace = requestTrace(req);
      as.tool({ name: 'lookup', parent: trace?.context }, () => 'ok');
      res.json({ user: trace?.identity.userId ?? null, tools: trace?.rollup.toolCalls ?? null, one: trace === inContext });
    });
  });
  server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => server.close());
beforeEach(() => otel.exporter.reset());

describe('express middleware registration', () => {
  it('registered twice: one server span, each call counted once', async () => {
    const res = await fetch(`${base}/tool/1`, { headers: { 'x-user-id': 'u-1' } });
    expect(await res.json()).toEqual({ user: 'u-1', tools: 1, one: true });
    await until(() => servers().length === 1 && otel.spans().length === 2);
    expect(servers()).toHaveLength(1);
    expect(servers()[0]!.attributes['agentspan.tool.calls']).toBe(1);
    expect(servers()[0]!.name).toBe('GET /tool/:n');
  });

  it('requests one after another on one keep-alive connection each find their own trace', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    try {
      for (const user of ['a', 'b', 'c']) {
        const body = await new Promise<string>((resolve, reject) => {
          get(`${base}/tool/${user}`, { agent, headers: { 'x-user-id': user } }, (res) => {
            sockets.add(res.socket);
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve(text));
          }).on('error', reject);
        });
        expect(JSON.parse(body)).toEqual({ user, tools: 1, one: true });
      }
    } finally {
      agent.destroy();
    }
    expect(sockets.size).toBe(1); // one connection served the three
    await until(() => servers().length === 3);
    expect(servers().map((s) => s.attributes['user.id']).sort()).toEqual(['a', 'b', 'c']);
    expect(servers().map((s) => s.attributes['agentspan.tool.calls'])).toEqual([1, 1, 1]);
  });
});
