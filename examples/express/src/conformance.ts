// The conformance adapter of the Express app (S1–S6 over HTTP): a real Express app behind
// instrumentation-http, the turn run by the handler through the core's manual API; the
// request's SERVER span is the root of each trace. Used by the suite and by the demo.
import { createRequire } from 'node:module';
import type { EvaluationAdapter } from '@agentspan/conformance/runner';
import { httpConformanceAdapter } from '@agentspan/example-kit/http-conformance';
import type express from 'express';

const require = createRequire(import.meta.url);

/**
 * The adapter over the Express that `loadExpress` returns, loaded once instrumentation-http
 * is on (compat/express-lowest passes the lowest Express of the peer range).
 */
export function expressConformanceAdapter(loadExpress: () => typeof express): EvaluationAdapter {
  return httpConformanceAdapter({
    name: 'express (http transport, manual API turn)',
    async start() {
      const { startApp, pendingTurns } = await import('./app.js');
      return { app: await startApp(loadExpress()), pendingTurns };
    },
    path: () => '/turns/support',
  });
}

export const conformanceAdapter: EvaluationAdapter = expressConformanceAdapter(() => require('express') as typeof express);
