// The conformance suite (S1–S6) over HTTP: a real Express 5 app behind instrumentation-http,
// the turn run by the handler through the core's manual API; the request's SERVER span is
// the root of each trace.
import { createRequire } from 'node:module';
import { setAgentspan } from '@agentspan/core';
import { type ConformanceAdapter, describeConformance } from '@agentspan/conformance';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type express from 'express';
import type { RunningApp } from './support/express-app.js';

const require = createRequire(import.meta.url);
let http: HttpInstrumentation | undefined;
let app: RunningApp | undefined;
let seq = 0;

const adapter: ConformanceAdapter = {
  name: 'express (http transport, manual API turn)',
  transport: 'http',
  async setup(env) {
    http = new HttpInstrumentation({ disableOutgoingRequestInstrumentation: true });
    http.setTracerProvider(env.tracerProvider);
    http.enable();
    require('node:http');
    const { startApp } = await import('./support/express-app.js');
    app = await startApp(require('express') as typeof express);
  },
  async teardown() {
    await app?.close();
    http?.disable();
  },
  async runTurn(turn) {
    const { pendingTurns } = await import('./support/express-app.js');
    const { post } = await import('@agentspan/testing-http');
    // The middleware serves each request with the process default instance: the scenario's.
    setAgentspan(turn.agentspan);
    const id = `c${++seq}`;
    pendingTurns.set(id, {
      variant: turn.variant,
      userMessage: turn.userMessage,
      toolError: turn.toolError,
      modelError: turn.modelError,
    });
    try {
      await post(
        app!.port,
        '/turns/support',
        {},
        { 'x-turn-id': id, 'x-conversation-id': turn.conversationId, 'x-user-id': turn.userId },
        turn.variant === 'stream_abort' ? turn.fixture.abortAfterChunks : undefined,
      );
    } finally {
      pendingTurns.delete(id);
    }
  },
  async flush() {
    while (app && app.inFlight.size > 0) await Promise.allSettled([...app.inFlight]);
  },
};

describeConformance(adapter);
