// What holds with instrumentation-http making the server span and without it (agentspan()
// making its own): registered twice, a request is traced once, its tool call nested under
// the one server span with the ids; requests in turn on one keep-alive connection each find
// their own trace from `req`, where the async context was lost. Each suite file sets up
// OpenTelemetry its way first (instrumentation-http patches `http` before express loads).
import { Agentspan } from '@agentspan/core';
import { FIXTURE_PRICES } from '@agentspan/conformance';
import { type TestOtel, until } from '@agentspan/testing-http';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { getInTurn } from './keep-alive.js';
import { type App, startTracedApp } from './traced-app.js';

export interface RegistrationSuite {
  base(): string;
  servers(): ReadableSpan[];
}

export function registrationSuite(otel: TestOtel, createApp: () => App, routes?: (app: App) => void): RegistrationSuite {
  const as = new Agentspan({ prices: FIXTURE_PRICES });
  const servers = () => otel.spans().filter((s) => s.kind === SpanKind.SERVER);
  let app: Awaited<ReturnType<typeof startTracedApp>> | undefined;
  beforeAll(async () => {
    app = await startTracedApp(createApp, as, routes);
  });
  afterAll(() => app?.close());
  beforeEach(() => otel.exporter.reset());
  const base = () => app?.base ?? '';

  it('registered twice: one server span named by the route, the call counted once, nested under it with the ids', async () => {
    const res = await fetch(`${base()}/tool/1`, { headers: { 'x-user-id': 'u-1' } });
    expect(await res.json()).toEqual({ user: 'u-1', tools: 1, one: true });
    await until(() => servers().length === 1 && otel.spans().length === 2);
    const [span] = servers();
    expect(servers()).toHaveLength(1);
    expect(span!.name).toBe('GET /tool/:n');
    expect(span!.attributes['agentspan.tool.calls']).toBe(1);
    const tool = otel.spans().find((s) => s.name === 'execute_tool lookup');
    expect(tool?.parentSpanContext?.spanId).toBe(span!.spanContext().spanId);
    expect(tool?.attributes['user.id']).toBe('u-1');
  });

  it('requests one after another on one keep-alive connection each find their own trace', async () => {
    const users = ['a', 'b', 'c'];
    const { bodies, sockets } = await getInTurn(users.map((user) => ({ url: `${base()}/tool/${user}`, headers: { 'x-user-id': user } })));
    expect(bodies.map((body) => JSON.parse(body))).toEqual(users.map((user) => ({ user, tools: 1, one: true })));
    expect(sockets).toBe(1); // one connection served the three
    await until(() => servers().length === 3);
    expect(servers().map((s) => s.attributes['user.id']).sort()).toEqual(['a', 'b', 'c']);
    expect(servers().map((s) => s.attributes['agentspan.tool.calls'])).toEqual([1, 1, 1]);
  });

  return { base, servers };
}
