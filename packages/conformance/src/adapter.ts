// The runner interface an adapter implements: "run this turn of scenario X with your
// framework". The suite owns the OpenTelemetry SDK, the core instance and the checks.
import type { Agentspan } from '@agentspan/core';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { ConformancePrompt } from './evaluation/fixture.js';
import type { OrderServiceError, RateLimitError, S1Fixture } from './fixture.js';

/**
 * How the turn differs from S1:
 * - `ok`: S1 (also S5 with other ids, S6 with a PII user message and capture on);
 * - `tool_error`: S2, the tool throws `toolError`, the model sees its text and answers;
 * - `model_error`: S3, the first model call rejects with `modelError`, retries 0;
 * - `stream`: S4, the turn streams; the final answer in `fixture.chat2.chunks`;
 * - `stream_abort`: S4b, the caller aborts after `fixture.abortAfterChunks` chunks of the
 *   final answer (an AbortSignal, or `return()` on the iterator);
 * - `stream_idle`: S4b, the caller reads that many chunks and then stops reading, without
 *   aborting: runTurn resolves and leaves the stream unread.
 * - `no_app_root`: S7, the S1 steps inside the framework's own sequence / graph / workflow
 *   named `S7.workflowName`, with nothing around it (no agent helper, no span of the app);
 * - `supervisor`: S8, agent `S8.supervisor` delegates to the two `S8.subAgents`, each run
 *   by one of its tools;
 * - `handoff`: S9, the entry agent `S9.entry` hands off to `S9.target` through the handoff
 *   tool `S9.handoff.tool`.
 */
export type TurnVariant =
  | 'ok'
  | 'tool_error'
  | 'model_error'
  | 'stream'
  | 'stream_abort'
  | 'stream_idle'
  | 'no_app_root'
  | 'supervisor'
  | 'handoff';

/** The scenarios an adapter may be unable to express (with the reason, shown as a skip). */
export type OptionalScenario = 'S7' | 'S8' | 'S9';

export interface TurnRequest {
  variant: TurnVariant;
  conversationId: string;
  userId: string;
  userMessage: string;
  fixture: S1Fixture;
  /** The core instance under test (prices, capture and idle time set per scenario). */
  agentspan: Agentspan;
  /** S2: the error the tool must throw. */
  toolError: OrderServiceError;
  /** S3: the error the first model call must reject with; the caller must receive this object. */
  modelError: RateLimitError;
  /**
   * E1: render the system prompt from this versioned template with the framework's own
   * templates, so that its name, version and variables reach the chat spans. Absent: S1's.
   */
  prompt?: ConformancePrompt;
}

export interface AdapterEnvironment {
  tracerProvider: TracerProvider;
  meterProvider: MeterProvider;
}

export interface ConformanceAdapter {
  /** Shown in test names. */
  name: string;
  /**
   * `direct` (default): the turn's root is invoke_agent and `runTurn` rejects with the
   * error the caller received. `http`: the turn is served over HTTP; the root is the
   * request's SERVER span and `runTurn` resolves whatever the response status.
   */
  transport?: 'direct' | 'http';
  /**
   * HTTP transport: the name of the request's SERVER span, `{METHOD} {route}` (e.g.
   * `POST /chat`). Default: any name of that form is accepted.
   */
  serverSpanName?: string;
  /** Once before the scenarios (start servers, register instrumentations). */
  setup?(env: AdapterEnvironment): Promise<void> | void;
  /** Once after the scenarios. */
  teardown?(): Promise<void> | void;
  /** Runs one turn. May be called many times concurrently (S5). */
  runTurn(turn: TurnRequest): Promise<void>;
  /** Waits for work the framework does in the background (e.g. LangChain's awaitAllCallbacks). */
  flush?(): Promise<void>;
  /**
   * Scenarios the framework has no way to express, each with the reason (the adapter's README
   * says it too). They are reported as skipped with that reason; every other one must pass.
   */
  cannotExpress?: Partial<Record<OptionalScenario, string>>;
}
