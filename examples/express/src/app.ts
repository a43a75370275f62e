// A real Express app serving the S1 turn: JSON for plain turns, SSE for streamed ones.
// The turn to run is looked up by the request's `x-turn-id` header (see pendingTurns).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Agentspan } from '@agentspan/core';
import type express from 'express';
import type { ConformancePrompt } from '@agentspan/conformance/runner';
import {
  type AgentspanExpressOptions,
  agentspan,
  agentspanErrorHandler,
  agentspanFeedback,
  requestAbortSignal,
  requestAgentspan,
} from '@agentspan/express';
import { runS1Turn, type Variant } from './s1-turn.js';

export interface TurnInput {
  variant: Variant;
  userMessage: string;
  toolError?: Error;
  modelError?: Error;
  agentspan?: Agentspan;
  /** Scenario E1: the versioned prompt the system prompt is rendered from. */
  prompt?: ConformancePrompt;
}

/** Turns waiting to be served, by the `x-turn-id` header (errors and instances cannot travel as JSON). */
export const pendingTurns = new Map<string, TurnInput>();

export interface RunningApp {
  server: Server;
  port: number;
  /** Handler promises still running (flush waits for them). */
  inFlight: Set<Promise<unknown>>;
  close(): Promise<void>;
}

export async function startApp(
  expressFactory: typeof express,
  options: AgentspanExpressOptions = {},
  extra?: (app: express.Express) => void,
  /** The app's own error handlers, registered after agentspanErrorHandler(). */
  errorHandlers?: (app: express.Express) => void,
): Promise<RunningApp> {
  const app = expressFactory();
  const inFlight = new Set<Promise<unknown>>();
  // traceresponse: the client learns the turn's ids, to rate the answer later (POST /feedback).
  app.use(agentspan({ traceResponse: true, ...options }));
  app.post('/feedback', agentspanFeedback());
  app.get('/hello', (_req, res) => {
    res.send('hello');
  });
  extra?.(app);
  app.post('/turns/:kind', expressFactory.json(), (req, res, next) => {
    const turn = pendingTurns.get(String(req.headers['x-turn-id']));
    if (!turn) {
      res.status(400).json({ error: 'unknown turn' });
      return;
    }
    const streamed = turn.variant.startsWith('stream');
    if (streamed) res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const work = runS1Turn({
      agentspan: turn.agentspan ?? requestAgentspan(req),
      variant: turn.variant,
      userMessage: turn.userMessage,
      toolError: turn.toolError,
      modelError: turn.modelError,
      prompt: turn.prompt,
      signal: requestAbortSignal(res),
      write: (text) => res.write(`data: ${text}\n\n`),
    }).then(
      (text) => {
        if (streamed) res.end('event: done\ndata: \n\n');
        else res.json({ text });
      },
      (error: unknown) => {
        if (res.headersSent) res.end();
        else next(error);
      },
    );
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  });
  app.use(agentspanErrorHandler());
  errorHandlers?.(app);
  const server = await new Promise<Server>((resolve) => {
    // A backlog above Node's 511: the tests open 1,000 connections at once, and on a loaded
    // machine the accept queue would overflow into connection resets.
    const s = app.listen(0, '127.0.0.1', 2048, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    inFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
