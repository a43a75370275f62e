// Runs scenario E1 against an adapter: the S1 turn with its system prompt from a versioned
// template, an evaluator on the finished turn, then the user's thumbs-down on that turn; and
// gathers what the checks compare. No test framework here (the vitest suite calls it).
import { Agentspan, type EvaluationTarget, type FinishedTurn, type TurnEvaluator } from '@agentspan/core';
import { ENV_CAPTURE_MESSAGE_CONTENT, EVENT_GEN_AI_EVALUATION_RESULT, METRIC_AGENTSPAN_EVALUATION_SCORE } from '@agentspan/semconv';
import type { AttributeValue } from '@opentelemetry/api';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { TurnRequest } from '../adapter.js';
import { S1_IDS, expectedS1, expectedUnderServerSpan } from '../expected.js';
import { FIXTURE_PRICES, OrderServiceError, RateLimitError, S1 } from '../fixture.js';
import type { ConformanceHarness } from '../harness.js';
import { normalizeTrace, roundCost } from '../normalize.js';
import type { NormalizedTrace } from '../normalized-span.js';
import { groupByTrace } from '../traces.js';
import type { EvaluationAdapter } from './adapter.js';
import {
  type NormalizedEvent,
  type ScorePoint,
  expectedEvents,
  expectedFinishedTurn,
  expectedPromptAttributes,
  expectedScorePoints,
} from './expected.js';
import { E1 } from './fixture.js';
import type { LogsHarness } from './logs-harness.js';

export interface EvaluationResult {
  /** Everything compared, actual and expected side by side (deep-equal when the adapter conforms). */
  actual: EvaluationEvidence;
  expected: EvaluationEvidence;
  /** Failed checks beside the comparison (open spans, SDK diagnostics, HTTP statuses). */
  problems: string[];
}

export interface EvaluationEvidence {
  tree: NormalizedTrace;
  /** `gen_ai.prompt.*` of each chat span, in start order. */
  chatPrompts: Record<string, AttributeValue>[];
  events: NormalizedEvent[];
  finishedTurn: Record<string, unknown> | undefined;
  scorePoints: ScorePoint[];
  /** Prompt name@version of every gen_ai.client.inference.duration point, and their count. */
  inferencePoints: Record<string, number>;
}

/** The evaluator E1 runs on every finished turn: deterministic facts every adapter reports alike. */
function toolUseEvaluator(seen: FinishedTurn[]): TurnEvaluator {
  return {
    name: E1.evaluatorName,
    evaluate: (turn) => {
      seen.push(turn);
      return {
        score: turn.toolCalls,
        label: turn.status === 'ok' ? 'pass' : 'fail',
        explanation: `${turn.llmCalls} model calls, ${turn.toolCalls} tool call`,
      };
    },
  };
}

function picked(turn: FinishedTurn | undefined): Record<string, unknown> | undefined {
  if (!turn) return undefined;
  const expectedKeys = Object.keys(expectedFinishedTurn()) as (keyof FinishedTurn)[];
  const out: Record<string, unknown> = {};
  for (const key of expectedKeys) out[key] = key === 'costUsd' && turn.costUsd !== undefined ? roundCost(turn.costUsd) : turn[key];
  return out;
}

function promptAttributes(span: ReadableSpan): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(span.attributes)) if (key.startsWith('gen_ai.prompt.') && value !== undefined) out[key] = value;
  return out;
}

function normalizeEvents(records: readonly ReadableLogRecord[], trace: readonly ReadableSpan[]): NormalizedEvent[] {
  const root = trace.find((s) => !trace.some((p) => p.spanContext().spanId === s.parentSpanContext?.spanId));
  const agents = trace.filter((s) => s.attributes['gen_ai.operation.name'] === 'invoke_agent');
  const turnAgent = agents.find((a) => !agents.some((p) => p.spanContext().spanId === a.parentSpanContext?.spanId));
  return records
    .filter((r) => r.eventName === EVENT_GEN_AI_EVALUATION_RESULT)
    .map((r) => ({
      name: r.eventName ?? '',
      parent: {
        traceRoot: r.spanContext?.traceId === root?.spanContext().traceId && r.spanContext?.spanId === root?.spanContext().spanId,
        turnAgent: r.spanContext?.traceId === turnAgent?.spanContext().traceId && r.spanContext?.spanId === turnAgent?.spanContext().spanId,
      },
      attributes: { ...(r.attributes as Record<string, AttributeValue>) },
    }));
}

function metricPoints(metrics: ResourceMetrics): { score: ScorePoint[]; inference: Record<string, number> } {
  const score: ScorePoint[] = [];
  const inference: Record<string, number> = {};
  for (const scope of metrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const point of metric.dataPoints) {
        const value = point.value as { count: number; sum: number };
        if (metric.descriptor.name === METRIC_AGENTSPAN_EVALUATION_SCORE) {
          score.push({ attributes: { ...(point.attributes as Record<string, AttributeValue>) }, count: value.count, sum: value.sum });
        } else if (metric.descriptor.name === 'gen_ai.client.inference.duration') {
          const key = `${String(point.attributes['gen_ai.prompt.name'])}@${String(point.attributes['gen_ai.prompt.version'])}`;
          inference[key] = (inference[key] ?? 0) + value.count;
        }
      }
    }
  }
  score.sort((a, b) => String(a.attributes['agentspan.evaluation.source']).localeCompare(String(b.attributes['agentspan.evaluation.source'])));
  return { score, inference };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export async function runEvaluationScenario(
  harness: ConformanceHarness,
  logs: LogsHarness,
  adapter: EvaluationAdapter,
  capture: boolean,
): Promise<EvaluationResult> {
  await harness.reset();
  logs.reset();
  const problems: string[] = [];
  const http = adapter.transport === 'http';
  const agentspan = new Agentspan({
    tracerProvider: harness.tracerProvider,
    meterProvider: harness.meterProvider,
    loggerProvider: logs.loggerProvider,
    prices: FIXTURE_PRICES,
    streamIdleTimeoutMs: S1.streamIdleTimeoutMs,
    captureContent: capture,
  });
  if (!capture && process.env[ENV_CAPTURE_MESSAGE_CONTENT] !== undefined) problems.push('run E1 without the capture environment variable');
  const seen: FinishedTurn[] = [];
  const hook = agentspan.evaluateTurns({ evaluators: [toolUseEvaluator(seen)] });
  const turn: TurnRequest = {
    variant: 'ok',
    conversationId: S1.conversationId,
    userId: S1.userId,
    userMessage: S1.userMessage,
    fixture: S1,
    agentspan,
    toolError: new OrderServiceError(),
    modelError: new RateLimitError(),
    prompt: E1.prompt,
  };

  // The turn, and the ids it hands out.
  let target: EvaluationTarget | undefined;
  try {
    if (http) {
      if (!adapter.runRatedTurn || !adapter.sendFeedback) throw new Error('an HTTP adapter needs runRatedTurn and sendFeedback for E1');
      target = await adapter.runRatedTurn(turn);
    } else {
      target = (await agentspan.captureTurn(() => adapter.runTurn(turn))).turn;
    }
  } catch (error) {
    problems.push(`the turn failed: ${describe(error)}`);
  }
  await adapter.flush?.();
  const stillOpen = await harness.openSpans.waitUntilAllEnded(2000);
  if (stillOpen.length > 0) problems.push(`span(s) left open: ${stillOpen.join(', ')}`);
  await hook.flush();

  // Minutes later: the user's thumbs-down, through the app's route (HTTP) or the core.
  if (target === undefined || target === '') problems.push('the turn handed out no ids (captureTurn, traceresponse)');
  else if (http && typeof target === 'string') {
    const status = await adapter.sendFeedback?.({ turn: target, ...E1.feedback }, { 'x-user-id': E1.raterId });
    if (status !== 202) problems.push(`the feedback route answered ${String(status)}, not 202`);
  } else if (!(await agentspan.recordFeedback(target, { ...E1.feedback, userId: E1.raterId }))) {
    problems.push('recordFeedback did not record the feedback');
  }
  hook.stop();
  await harness.tracerProvider.forceFlush();
  await logs.loggerProvider.forceFlush();
  problems.push(...harness.diagnostics.take());

  // The turn's trace; over HTTP the feedback request is a trace of its own, with no GenAI span.
  const traces = groupByTrace(harness.finishedSpans()).filter((t) => t.some((s) => s.attributes['gen_ai.operation.name'] !== undefined));
  if (traces.length !== 1) problems.push(`${traces.length} traces with GenAI spans, not one`);
  const trace = traces[0] ?? [];
  const tree = normalizeTrace(trace, { keepServerSpan: http });
  problems.push(...tree.problems);
  const root = tree.roots[0];
  const expectedTree = http ? [expectedUnderServerSpan(root?.name ?? 'POST /{route}', expectedS1(S1_IDS), S1_IDS)] : [expectedS1(S1_IDS)];
  const chats = trace.filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
  const { score, inference } = metricPoints(await harness.metricReader.takeRecorded());

  const actual: EvaluationEvidence = {
    tree: tree.roots,
    chatPrompts: chats.map(promptAttributes),
    events: normalizeEvents(logs.exporter.getFinishedLogRecords(), trace),
    finishedTurn: picked(seen[0]),
    scorePoints: score,
    inferencePoints: inference,
  };
  const expected: EvaluationEvidence = {
    tree: expectedTree,
    chatPrompts: [expectedPromptAttributes(capture), expectedPromptAttributes(capture)],
    events: expectedEvents(http),
    finishedTurn: { ...expectedFinishedTurn(), costUsd: roundCost(expectedFinishedTurn().costUsd) },
    scorePoints: expectedScorePoints(),
    inferencePoints: { [`${E1.prompt.name}@${E1.prompt.version}`]: 2 },
  };
  if (seen.length !== 1) problems.push(`the evaluator ran on ${seen.length} turns, not one`);
  return { actual, expected, problems };
}
