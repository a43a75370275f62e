// The conformance adapter of the Nest example app, for either HTTP platform: a real Nest 12
// app behind instrumentation-http, the turn run in decorated services and the tracer
// service; the request's SERVER span is the root. Used by the suite and by the demo.
import type { EvaluationAdapter } from '@agentspan/conformance/runner';
import { httpConformanceAdapter } from '@agentspan/example-kit/http-conformance';

export function nestAdapter(platform: 'express' | 'fastify'): EvaluationAdapter {
  return httpConformanceAdapter({
    name: `nestjs ${platform} (http transport, decorators)`,
    async start() {
      // Nest loads here, after instrumentation-http is on.
      const { startNestApp, pendingTurns } = await import('./app.js');
      return { app: await startNestApp(platform), pendingTurns };
    },
    path: (turn) => (turn.variant.startsWith('stream') ? '/turns/stream' : '/turns/plain'),
  });
}

/** The Express platform's adapter (the demo's Nest column). */
export const conformanceAdapter: EvaluationAdapter = nestAdapter('express');
