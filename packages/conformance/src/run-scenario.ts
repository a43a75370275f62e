// Runs one scenario against an adapter and gathers what the checks need: the actual and the
// expected normalised trees, and every problem found beside the tree comparison. No test
// framework here: the vitest suite and any other runner share it.
import { isDeepStrictEqual } from 'node:util';
import { Agentspan, type AgentspanConfig, classifyError } from '@agentspan/core';
import { ENV_CAPTURE_MESSAGE_CONTENT } from '@agentspan/semconv';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { ConformanceAdapter, TurnRequest } from './adapter.js';
import { expectedUnderServerSpan, type TurnIds } from './expected.js';
import { FIXTURE_PRICES, OrderServiceError, RateLimitError, S1 } from './fixture.js';
import type { ConformanceHarness } from './harness.js';
import { checkSingleServerSpan } from './http-checks.js';
import { normalizeTrace } from './normalize.js';
import type { NormalizedSpan, NormalizedTrace } from './normalized-span.js';
import { SCENARIOS, type ScenarioDefinition, type ScenarioId } from './scenarios.js';
import { groupByTrace } from './traces.js';

export interface RunScenarioOptions {
  /** How long to wait after the turns for every span to end. Default 2000 ms. */
  openSpanTimeoutMs?: number;
}

export interface ScenarioResult {
  id: ScenarioId;
  title: string;
  /** The normalised traces, ordered by conversation id; uncompared values masked. */
  actual: NormalizedTrace[];
  expected: NormalizedTrace[];
  /** Every failed check other than the tree comparison. */
  problems: string[];
  /** No problem and deep-equal trees. */
  passed: boolean;
  /** The exported spans, for further inspection. */
  spans: ReadableSpan[];
}

const SERVER_SPAN_NAME = /^[A-Z]+ \S+$/;

function conversationOf(trace: NormalizedTrace): string {
  const id = trace[0]?.attributes['gen_ai.conversation.id'];
  return typeof id === 'string' ? id : '';
}

function byConversation(a: NormalizedTrace, b: NormalizedTrace): number {
  const [idA, idB] = [conversationOf(a), conversationOf(b)];
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${error.stack ?? ''}`;
  return String(error);
}

/** Sets the scenario's environment variables; returns what restores the previous values. */
function setEnv(env: Readonly<Record<string, string>> | undefined): () => void {
  if (!env) return () => {};
  const previous = Object.keys(env).map((key) => [key, process.env[key]] as const);
  Object.assign(process.env, env);
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

function coreConfig(harness: ConformanceHarness, scenario: ScenarioDefinition): AgentspanConfig {
  const config: AgentspanConfig = {
    tracerProvider: harness.tracerProvider,
    meterProvider: harness.meterProvider,
    prices: FIXTURE_PRICES,
    streamIdleTimeoutMs: S1.streamIdleTimeoutMs,
  };
  if (scenario.contentMaxLength !== undefined) config.contentMaxLength = scenario.contentMaxLength;
  if (scenario.captureContent !== undefined) config.captureContent = scenario.captureContent;
  // "Off by default" is what is tested, unless the environment (not the scenario's) turns it on.
  else if (scenario.env === undefined && process.env[ENV_CAPTURE_MESSAGE_CONTENT] !== undefined) {
    config.captureContent = false;
  }
  return config;
}

function callerProblems(
  scenario: ScenarioDefinition,
  adapter: ConformanceAdapter,
  turns: readonly TurnRequest[],
  outcomes: readonly PromiseSettledResult<void>[],
): string[] {
  const http = adapter.transport === 'http';
  return outcomes.flatMap((outcome, index) => {
    const turn = turns[index]!;
    const label = `turn ${turn.conversationId}`;
    if (scenario.caller === 'either') return [];
    if (scenario.caller === 'resolves' || http) {
      return outcome.status === 'rejected'
        ? [`${label}: runTurn rejected: ${describeError(outcome.reason)}`]
        : [];
    }
    if (outcome.status === 'fulfilled') return [`${label}: runTurn resolved; the caller must receive the model error`];
    return outcome.reason === turn.modelError
      ? []
      : [`${label}: runTurn rejected with another object than the model error: ${describeError(outcome.reason)}`];
  });
}

/** Wraps the expected turn for the transport; on HTTP failures the request's outcome is not compared. */
function expectedForTransport(
  adapter: ConformanceAdapter,
  scenario: ScenarioDefinition,
  turn: NormalizedSpan,
  ids: TurnIds,
  actual: NormalizedTrace | undefined,
): NormalizedTrace {
  if (adapter.transport !== 'http') return [turn];
  const actualRoot = actual?.[0];
  const actualName = actualRoot?.name ?? '';
  const name =
    adapter.serverSpanName ??
    (SERVER_SPAN_NAME.test(actualName) ? actualName : '{METHOD} {route} (the request span)');
  const server = expectedUnderServerSpan(name, turn, ids, scenario.underServerSpan?.(ids));
  const root = scenario.mask ? scenario.mask(server) : server;
  if (!scenario.compareServerOutcome && actualRoot?.kind === 'SERVER') {
    return [{ ...root, status: actualRoot.status, events: actualRoot.events }];
  }
  return [root];
}

export async function runScenario(
  harness: ConformanceHarness,
  adapter: ConformanceAdapter,
  id: ScenarioId,
  options: RunScenarioOptions = {},
): Promise<ScenarioResult> {
  const scenario = SCENARIOS[id];
  await harness.reset();
  const restoreEnv = setEnv(scenario.env);
  let agentspan: Agentspan;
  try {
    agentspan = new Agentspan(coreConfig(harness, scenario));
  } catch (error) {
    restoreEnv();
    throw error;
  }
  const turns: TurnRequest[] = scenario.turnIds.map((ids) => ({
    variant: scenario.variant,
    conversationId: ids.conversationId,
    userId: ids.userId,
    userMessage: scenario.userMessage,
    fixture: S1,
    agentspan,
    toolError: new OrderServiceError(),
    modelError: new RateLimitError(scenario.modelErrorMessage),
  }));

  const outcomes = await Promise.allSettled(turns.map((turn) => adapter.runTurn(turn))).finally(
    restoreEnv,
  );
  const problems = callerProblems(scenario, adapter, turns, outcomes);
  try {
    await adapter.flush?.();
  } catch (error) {
    problems.push(`adapter.flush() threw: ${describeError(error)}`);
  }
  const stillOpen = await harness.openSpans.waitUntilAllEnded(options.openSpanTimeoutMs ?? 2000);
  if (stillOpen.length > 0) problems.push(`span(s) left open: ${stillOpen.join(', ')}`);
  await harness.tracerProvider.forceFlush();
  const spans = harness.finishedSpans();
  const metrics = await harness.metricReader.takeRecorded();
  problems.push(...harness.diagnostics.take());

  const keepServerSpan = adapter.transport === 'http';
  const actual = groupByTrace(spans)
    .map((trace) => {
      const { roots, problems: traceProblems } = normalizeTrace(trace, { keepServerSpan });
      problems.push(...traceProblems);
      if (keepServerSpan) problems.push(...checkSingleServerSpan(trace));
      return scenario.mask ? roots.map(scenario.mask) : roots;
    })
    .sort(byConversation);

  const toolErrorCategory = classifyError(new OrderServiceError()).category;
  const expected = [...scenario.turnIds]
    .sort((a, b) => (a.conversationId < b.conversationId ? -1 : a.conversationId > b.conversationId ? 1 : 0))
    .map((ids, index) =>
      expectedForTransport(adapter, scenario, scenario.expected(ids, toolErrorCategory), ids, actual[index]),
    );

  problems.push(
    ...(scenario.check?.({
      spans,
      metrics,
      http: adapter.transport === 'http',
      modelErrorMessages: turns.map((turn) => ({
        error: turn.modelError,
        originalMessage: scenario.modelErrorMessage ?? new RateLimitError().message,
      })),
    }) ?? []),
  );
  return {
    id,
    title: scenario.title,
    actual,
    expected,
    problems,
    passed: problems.length === 0 && isDeepStrictEqual(actual, expected),
    spans,
  };
}
