// AgentspanModule without instrumentation-http, through the example app: its own SERVER span,
// forRootAsync, the budget guard (429 JSON, reset, @SkipBudget), configuration errors at
// start-up. (Decorators on sync and failing methods: packages/nestjs/test/decorators.test.ts.)
import 'reflect-metadata';
import { Agentspan, AgentspanConfigError } from '@agentspan/core';
import { FIXTURE_PRICES, S1 } from '@agentspan/conformance';
import { SpanKind } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { childrenOf, setupOtel, until } from '@agentspan/testing-http';

const otel = setupOtel({ http: false });
const { startNestApp, pendingTurns } = await import('../src/app.js');
const { post } = await import('@agentspan/testing-http');

const as = new Agentspan({ prices: FIXTURE_PRICES });
const TURN_COST = 0.000183;
const servers = () => otel.spans().filter((s) => s.kind === SpanKind.SERVER);
let running: { close(): Promise<void> } | undefined;
let seq = 0;

beforeEach(() => otel.exporter.reset());
afterEach(async () => {
  await running?.close();
  running = undefined;
});

function turn(port: number, userId: string) {
  const id = `m${++seq}`;
  pendingTurns.set(id, { variant: 'ok', userMessage: S1.userMessage });
  return post(port, '/turns/plain', {}, { 'x-turn-id': id, 'x-conversation-id': `conv-${seq}`, 'x-user-id': userId });
}

describe('AgentspanModule', () => {
  it('forRootAsync: starts its own SERVER span when no instrumentation made one, with the rollups', async () => {
    const app = await startNestApp('express', async () => ({ agentspan: as, userId: 'x-account' }));
    running = app;
    const id = `m${++seq}`;
    pendingTurns.set(id, { variant: 'ok', userMessage: S1.userMessage });
    const res = await post(app.port, '/turns/plain', {}, { 'x-turn-id': id, 'x-conversation-id': 'conv-42', 'x-account': 'user-7' });
    expect(res.status).toBe(200);
    await until(() => servers().length === 1);
    const server = servers()[0]!;
    expect(server.instrumentationScope.name).toBe('@agentspan/core');
    expect(server.name).toBe('POST /turns/plain');
    expect(server.attributes).toMatchObject({ 'http.response.status_code': 200, 'user.id': 'user-7', 'agentspan.llm.calls': 2 });
    expect(childrenOf(otel.spans(), server).map((s) => s.name)).toEqual(['invoke_agent support-agent']);
  });

  it.each(['express', 'fastify'] as const)('budget guard on %s: 429 JSON after the limit, @SkipBudget routes pass, reset after the window', async (platform) => {
    const windowMs = 1500;
    const app = await startNestApp(platform, { agentspan: as, budget: { limitUsd: TURN_COST, window: { durationMs: windowMs }, name: 'per-user' } });
    running = app;
    await new Promise((r) => setTimeout(r, windowMs - (Date.now() % windowMs) + 5));
    expect((await turn(app.port, 'alice')).status).toBe(200);
    const refused = await turn(app.port, 'alice');
    expect(refused.status).toBe(429);
    const body = JSON.parse(refused.body);
    expect(body).toMatchObject({ error: 'budget_exceeded', limit: { name: 'per-user', key: 'alice', limitUsd: TURN_COST } });
    expect(Date.parse(body.resetsAt) % windowMs).toBe(0);
    const hello = await fetch(`http://127.0.0.1:${app.port}/hello`, { headers: { 'x-user-id': 'alice' } });
    expect(hello.status).toBe(200);
    expect((await turn(app.port, 'bob')).status).toBe(200);
    await new Promise((r) => setTimeout(r, Date.parse(body.resetsAt) - Date.now() + 5));
    expect((await turn(app.port, 'alice')).status).toBe(200);
  });

  it('bad options fail when the app starts', async () => {
    await expect(startNestApp('express', { userId: 7 as unknown as string })).rejects.toThrow(AgentspanConfigError);
    await expect(startNestApp('express', { budget: { limitUsd: -1 } })).rejects.toThrow(AgentspanConfigError);
  });
});
