// The app both registration suites run (with and without instrumentation-http): agentspan()
// registered twice, a route that runs a tool where the async context was lost (the trace
// found from `req`), whatever routes a suite adds, then the error handler.
import type { Agentspan } from '@agentspan/core';
import { ROOT_CONTEXT, context } from '@opentelemetry/api';
import type express from 'express';
import { agentspan, agentspanErrorHandler, requestTrace } from '../../src/index.js';

export type App = ReturnType<typeof express>;

export async function startTracedApp(
  createApp: () => App,
  as: Agentspan,
  routes: (app: App) => void = () => {},
): Promise<{ base: string; close: () => void }> {
  const app = createApp();
  app.use(agentspan({ agentspan: as }), agentspan({ agentspan: as }));
  app.get('/tool/:n', (req, res) => {
    const inContext = requestTrace(req);
    context.with(ROOT_CONTEXT, () => {
      const trace = requestTrace(req);
      as.tool({ name: 'lookup', parent: trace?.context }, () => 'ok');
      res.json({ user: trace?.identity.userId ?? null, tools: trace?.rollup.toolCalls ?? null, one: trace === inContext });
    });
  });
  routes(app);
  app.use(agentspanErrorHandler());
  const server = app.listen(0);
  await new Promise((r) => server.once('listening', r));
  return { base: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() };
}
