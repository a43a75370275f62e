// Beside @opentelemetry/instrumentation-express (middleware and handler spans) and on
// Express 4: still one SERVER span, the S1 tree below it (the express spans in between
// are what the conformance normaliser folds), the rollups on the server span.
import { createRequire } from 'node:module';
import { Agentspan } from '@agentspan/core';
import { FIXTURE_PRICES, S1 } from '@agentspan/conformance';
import { SpanKind } from '@opentelemetry/api';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { setupOtel, until } from '@agentspan/testing-http';

const otel = setupOtel();
const instrumentation = new ExpressInstrumentation();
instrumentation.setTracerProvider(otel.provider);
instrumentation.enable();
const require = createRequire(import.meta.url);
// CommonJS loads go through the instrumentation's require hook
const express5 = require('express') as typeof express;
const express4 = require('express4') as typeof express;
const { startApp, pendingTurns } = await import('../src/app.js');
const { post } = await import('@agentspan/testing-http');

const as = new Agentspan({ prices: FIXTURE_PRICES });
const apps: Awaited<ReturnType<typeof startApp>>[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

/** The GenAI spans' nearest GenAI-or-server ancestor, as the normaliser folds the rest. */
function keptParent(spans: readonly ReadableSpan[], span: ReadableSpan): ReadableSpan | undefined {
  const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
  let parent = byId.get(span.parentSpanContext?.spanId ?? '');
  while (parent && parent.kind !== SpanKind.SERVER && parent.attributes['gen_ai.operation.name'] === undefined) {
    parent = byId.get(parent.parentSpanContext?.spanId ?? '');
  }
  return parent;
}

describe.each([
  ['Express 5', express5, '5.'],
  ['Express 4', express4, '4.'],
])('%s with instrumentation-http and instrumentation-express', (_name, factory, major) => {
  it('keeps one server span with the S1 tree (express spans folded) and the rollups', async () => {
    expect(require(major === '5.' ? 'express/package.json' : 'express4/package.json').version.startsWith(major)).toBe(true);
    otel.exporter.reset();
    const app = await startApp(factory, { agentspan: as });
    apps.push(app);
    const id = `ie-${major}`;
    pendingTurns.set(id, { variant: 'ok', userMessage: S1.userMessage });
    const res = await post(app.port, '/turns/support', {}, { 'x-turn-id': id, 'x-conversation-id': 'conv-42', 'x-user-id': 'user-7' });
    expect(res.status).toBe(200);
    await until(() => otel.spans().some((s) => s.kind === SpanKind.SERVER));
    const spans = otel.spans();
    const servers = spans.filter((s) => s.kind === SpanKind.SERVER);
    expect(servers).toHaveLength(1);
    const server = servers[0]!;
    expect(server.name).toBe('POST /turns/:kind');
    expect(spans.some((s) => s.instrumentationScope.name === '@opentelemetry/instrumentation-express')).toBe(true);
    const agent = spans.find((s) => s.name === 'invoke_agent support-agent')!;
    expect(keptParent(spans, agent)).toBe(server);
    const genai = spans.filter((s) => s.attributes['gen_ai.operation.name'] !== undefined && s !== agent);
    expect(genai).toHaveLength(6);
    for (const s of genai) expect(keptParent(spans, s)).toBe(agent);
    expect(server.attributes['agentspan.llm.calls']).toBe(2);
    expect(server.attributes['agentspan.usage.input_tokens']).toBe(932);
    expect(server.attributes['gen_ai.conversation.id']).toBe('conv-42');
  });
});
