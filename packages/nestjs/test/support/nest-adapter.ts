// The conformance adapter of the Nest app, for either HTTP platform.
import { createRequire } from 'node:module';
import { setAgentspan } from '@agentspan/core';
import type { ConformanceAdapter } from '@agentspan/conformance';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import type { RunningNestApp } from './nest-app.js';

const require = createRequire(import.meta.url);
let http: HttpInstrumentation | undefined;
let app: RunningNestApp | undefined;
let seq = 0;

export function nestAdapter(platform: 'express' | 'fastify'): ConformanceAdapter {
  return {
    name: `nestjs ${platform} (http transport, decorators)`,
    transport: 'http',
    async setup(env) {
      http = new HttpInstrumentation({ disableOutgoingRequestInstrumentation: true });
      http.setTracerProvider(env.tracerProvider);
      http.enable();
      require('node:http');
      const { startNestApp } = await import('./nest-app.js');
      app = await startNestApp(platform);
    },
    async teardown() {
      await app?.close();
      http?.disable();
    },
    async runTurn(turn) {
      const { pendingTurns } = await import('./nest-app.js');
      const { post } = await import('@agentspan/testing-http');
      // The module was given no instance: it serves requests with the process default (the scenario's).
      setAgentspan(turn.agentspan);
      const id = `n${++seq}`;
      pendingTurns.set(id, { variant: turn.variant, userMessage: turn.userMessage, toolError: turn.toolError, modelError: turn.modelError });
      const streamed = turn.variant.startsWith('stream');
      try {
        await post(
          app!.port,
          streamed ? '/turns/stream' : '/turns/plain',
          {},
          { 'x-turn-id': id, 'x-conversation-id': turn.conversationId, 'x-user-id': turn.userId },
          turn.variant === 'stream_abort' ? turn.fixture.abortAfterChunks : undefined,
        );
      } finally {
        pendingTurns.delete(id);
      }
    },
  };
}
