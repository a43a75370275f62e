// "A user records a thumbs-down on yesterday's turn from a web page": the turn is served by
// one run of the Express app, whose response hands its ids out (traceresponse); the app is
// stopped; a new run of it (nothing of the turn in memory) receives the page's POST /feedback.
// Both export over OTLP/HTTP to a real receiver, the viewer, which shows the feedback on that
// turn, on the span it rates, and finds the turn by its score and prompt version.
import { Agentspan, setAgentspan } from '@agentspan/core';
import { E1, FIXTURE_PRICES, S1 } from '@agentspan/conformance/runner';
import { type TurnDetail, type TurnList, type Viewer, startViewer } from '@agentspan/viewer';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { pendingTurns, type RunningApp, startApp } from '../src/app.js';

let viewer: Viewer;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  viewer = await startViewer({ port: 0, dbPath: ':memory:' });
});

afterAll(async () => {
  await viewer?.close();
  context.disable();
});

/** One run of the app: its own core, exporting traces and evaluation events to the viewer. */
async function appRun(): Promise<{ app: RunningApp; stop(): Promise<void> }> {
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${viewer.url}/v1/traces` }))] });
  const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: new OTLPLogExporter({ url: `${viewer.url}/v1/logs` }) })] });
  setAgentspan(new Agentspan({ tracerProvider, loggerProvider, prices: FIXTURE_PRICES }));
  const app = await startApp(express);
  return {
    app,
    async stop() {
      await app.close();
      await tracerProvider.shutdown();
      await loggerProvider.shutdown();
    },
  };
}

async function turnDetail(traceId: string): Promise<TurnDetail> {
  const res = await fetch(`${viewer.url}/api/turns/${traceId}`);
  if (res.status !== 200) throw new Error(`GET /api/turns/${traceId}: ${res.status}`);
  return (await res.json()) as TurnDetail;
}

it('a thumbs-down posted for a turn of an earlier run shows on that turn in the viewer', async () => {
  // Yesterday: the turn, its versioned prompt, and the ids its response hands out.
  const yesterday = await appRun();
  pendingTurns.set('t1', { variant: 'ok', userMessage: S1.userMessage, prompt: E1.prompt });
  const res = await fetch(`http://127.0.0.1:${yesterday.app.port}/turns/support`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-turn-id': 't1', 'x-conversation-id': S1.conversationId, 'x-user-id': S1.userId },
    body: '{}',
  });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  const traceresponse = res.headers.get('traceresponse') ?? '';
  const [, traceId, spanId] = traceresponse.split('-');
  expect(traceId).toMatch(/^[0-9a-f]{32}$/);
  while (yesterday.app.inFlight.size > 0) await Promise.allSettled([...yesterday.app.inFlight]);
  await yesterday.stop();
  pendingTurns.clear();
  expect((await turnDetail(traceId as string)).evaluations).toEqual([]);

  // Today, in a new run of the app: the web page posts the user's rating of that answer.
  const today = await appRun();
  const feedback = await fetch(`http://127.0.0.1:${today.app.port}/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-user-id': S1.userId },
    body: JSON.stringify({ turn: traceresponse, rating: 'down', comment: 'Wrong order. Write to jane@example.com' }),
  });
  expect(feedback.status).toBe(202);
  await feedback.arrayBuffer();
  await today.stop();

  const detail = await turnDetail(traceId as string);
  expect(detail.turn.agentName).toBe(S1.agentName);
  expect(detail.prompts).toEqual([{ name: E1.prompt.name, version: E1.prompt.version }]);
  expect(detail.evaluations).toHaveLength(1);
  const [rating] = detail.evaluations;
  expect(rating).toMatchObject({ spanId, name: 'user_feedback', score: 0, label: 'thumbs_down', source: 'feedback', userId: S1.userId });
  expect(rating?.explanation).toMatch(/^Wrong order\. Write to /);
  expect(rating?.explanation).not.toContain('jane@example.com');
  // The rated span is the turn's own (the request's server span, the trace's root).
  expect(detail.spans.find((s) => s.spanId === spanId)?.parentSpanId).toBeNull();

  const low = (await (await fetch(`${viewer.url}/api/turns?evaluation=user_feedback&maxScore=0&prompt=${encodeURIComponent(`${E1.prompt.name}@${E1.prompt.version}`)}`)).json()) as TurnList;
  expect(low.turns.map((t) => t.traceId)).toEqual([traceId]);
});
