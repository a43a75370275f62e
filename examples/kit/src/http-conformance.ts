// The conformance adapter of an HTTP example app (Express, Nest): instrumentation-http on
// before the app loads, each scenario turn parked under an id that the request carries in
// `x-turn-id` (errors and instances cannot travel as JSON), the request posted over real
// HTTP with the turn's ids in headers; the request's SERVER span is the root of each trace.
import { setAgentspan } from '@agentspan/core';
import type { EvaluationAdapter, TurnRequest } from '@agentspan/conformance/runner';
import { post } from '@agentspan/testing-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';

/** What the app needs to run one scenario turn. */
export interface ParkedTurn {
  variant: TurnRequest['variant'];
  userMessage: string;
  toolError?: Error;
  modelError?: Error;
  /** Scenario E1: the versioned prompt the turn's system prompt is rendered from. */
  prompt?: TurnRequest['prompt'];
}

export interface RunningHttpApp {
  port: number;
  close(): Promise<void>;
  /** Handler work still running after the response (flush waits for it). */
  inFlight?: ReadonlySet<Promise<unknown>>;
}

export interface HttpExample {
  name: string;
  /** Loads and starts the app; called once instrumentation-http is on (its require hook). */
  start(): Promise<{ app: RunningHttpApp; pendingTurns: Map<string, ParkedTurn> }>;
  /** The route that serves this turn. */
  path(turn: TurnRequest): string;
  /** The app's feedback route (scenario E1). Default `/feedback`. */
  feedbackPath?: string;
}

export function httpConformanceAdapter(example: HttpExample): EvaluationAdapter {
  let http: HttpInstrumentation | undefined;
  let running: Awaited<ReturnType<HttpExample['start']>> | undefined;
  let seq = 0;
  return {
    name: example.name,
    transport: 'http',
    async setup(env) {
      http = new HttpInstrumentation({ disableOutgoingRequestInstrumentation: true });
      http.setTracerProvider(env.tracerProvider);
      http.enable();
      running = await example.start();
    },
    async teardown() {
      await running?.app.close();
      http?.disable();
    },
    async runTurn(turn) {
      if (!running) throw new Error(`${example.name}: setup() was not called`);
      // The app serves each request with the process default instance: the scenario's.
      setAgentspan(turn.agentspan);
      const id = `t${++seq}`;
      const { variant, userMessage, toolError, modelError, prompt } = turn;
      running.pendingTurns.set(id, { variant, userMessage, toolError, modelError, prompt });
      try {
        await post(
          running.app.port,
          example.path(turn),
          {},
          { 'x-turn-id': id, 'x-conversation-id': turn.conversationId, 'x-user-id': turn.userId },
          variant === 'stream_abort' ? turn.fixture.abortAfterChunks : undefined,
        );
      } finally {
        running.pendingTurns.delete(id);
      }
    },
    async runRatedTurn(turn) {
      if (!running) throw new Error(`${example.name}: setup() was not called`);
      setAgentspan(turn.agentspan);
      const id = `t${++seq}`;
      const { variant, userMessage, toolError, modelError, prompt } = turn;
      running.pendingTurns.set(id, { variant, userMessage, toolError, modelError, prompt });
      try {
        const res = await fetch(`http://127.0.0.1:${running.app.port}${example.path(turn)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-turn-id': id, 'x-conversation-id': turn.conversationId, 'x-user-id': turn.userId },
          body: '{}',
        });
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`the turn's request answered ${res.status}`);
        // The turn's ids, as a web page reads them to rate the answer later (W3C traceresponse).
        return res.headers.get('traceresponse') ?? '';
      } finally {
        running.pendingTurns.delete(id);
      }
    },
    async sendFeedback(body, headers) {
      if (!running) throw new Error(`${example.name}: setup() was not called`);
      const res = await fetch(`http://127.0.0.1:${running.app.port}${example.feedbackPath ?? '/feedback'}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      await res.arrayBuffer();
      return res.status;
    },
    async flush() {
      const inFlight = running?.app.inFlight;
      while (inFlight && inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
