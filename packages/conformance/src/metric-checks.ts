// Metrics of one S1 turn (spec, "Metrics (S1)").
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_CONVERSATION_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_MODALITY,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_USER_ID,
  DURATION_BUCKETS,
  METRIC_AGENTSPAN_COST,
  METRIC_GEN_AI_CLIENT_INFERENCE_DURATION,
  METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS,
  METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS,
  METRIC_GEN_AI_EXECUTE_TOOL_DURATION,
  METRIC_GEN_AI_INVOCATION_DURATION,
} from '@agentspan/semconv';
import type { Attributes } from '@opentelemetry/api';
import { DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { S1_NUMBERS } from './expected.js';
import { S1 } from './fixture.js';

const COST_TOLERANCE = 1e-12;

function metricsNamed(recorded: ResourceMetrics, name: string): MetricData[] {
  return recorded.scopeMetrics.flatMap((scope) =>
    scope.metrics.filter((metric) => metric.descriptor.name === name && metric.dataPoints.length > 0),
  );
}

function pointsOf(metrics: MetricData[]): { attributes: Attributes; value: unknown }[] {
  return metrics.flatMap((metric) => metric.dataPoints as { attributes: Attributes; value: unknown }[]);
}

function attributeProblems(name: string, attributes: Attributes, required: Attributes): string[] {
  return Object.entries(required)
    .filter(([key, value]) => attributes[key] !== value)
    .map(
      ([key, value]) =>
        `${name}: attribute ${key}=${JSON.stringify(attributes[key])}, expected ${JSON.stringify(value)}`,
    );
}

function histogramProblems(
  recorded: ResourceMetrics,
  name: string,
  count: number,
  required: Attributes,
  boundaries?: readonly number[],
): string[] {
  const metrics = metricsNamed(recorded, name);
  if (metrics.length === 0) return [`${name}: not recorded`];
  const problems: string[] = [];
  for (const metric of metrics) {
    if (metric.dataPointType !== DataPointType.HISTOGRAM) problems.push(`${name}: not a histogram`);
    if (metric.descriptor.unit !== 's') problems.push(`${name}: unit ${metric.descriptor.unit}, expected s`);
  }
  const points = pointsOf(metrics);
  if (points.length !== 1) return [...problems, `${name}: ${points.length} data points, expected 1`];
  const [point] = points as [{ attributes: Attributes; value: unknown }];
  const value = point.value as { count?: number; buckets?: { boundaries?: number[] } };
  if (value.count !== count) problems.push(`${name}: count ${String(value.count)}, expected ${count}`);
  if (boundaries && JSON.stringify(value.buckets?.boundaries) !== JSON.stringify(boundaries)) {
    problems.push(
      `${name}: bucket boundaries ${JSON.stringify(value.buckets?.boundaries)}, expected ${JSON.stringify(boundaries)}`,
    );
  }
  problems.push(...attributeProblems(name, point.attributes, required));
  return problems;
}

function counterProblems(
  recorded: ResourceMetrics,
  name: string,
  expected: number,
  required: Attributes,
  tolerance = 0,
): string[] {
  const metrics = metricsNamed(recorded, name);
  if (metrics.length === 0) return [`${name}: not recorded`];
  const problems = metrics
    .filter((metric) => metric.dataPointType !== DataPointType.SUM)
    .map(() => `${name}: not a counter`);
  const points = pointsOf(metrics);
  const total = points.reduce((sum, point) => sum + (typeof point.value === 'number' ? point.value : 0), 0);
  if (Math.abs(total - expected) > tolerance) problems.push(`${name}: total ${total}, expected ${expected}`);
  for (const point of points) problems.push(...attributeProblems(name, point.attributes, required));
  return problems;
}

/** No metric point may carry a user or conversation id: unbounded cardinality. */
export function checkNoIdsOnMetrics(recorded: ResourceMetrics): string[] {
  return recorded.scopeMetrics.flatMap((scope) =>
    scope.metrics.flatMap((metric) =>
      pointsOf([metric])
        .filter(
          (point) =>
            point.attributes[ATTR_USER_ID] !== undefined ||
            point.attributes[ATTR_GEN_AI_CONVERSATION_ID] !== undefined,
        )
        .map(() => `${metric.descriptor.name}: a data point carries user.id or gen_ai.conversation.id`),
    ),
  );
}

/** What one S1 turn must record. */
export function checkS1Metrics(recorded: ResourceMetrics): string[] {
  const model = {
    [ATTR_GEN_AI_PROVIDER_NAME]: S1.provider,
    [ATTR_GEN_AI_REQUEST_MODEL]: S1.requestModel,
  };
  const text = { [ATTR_GEN_AI_TOKEN_MODALITY]: 'text' };
  return [
    ...histogramProblems(
      recorded,
      METRIC_GEN_AI_CLIENT_INFERENCE_DURATION,
      S1_NUMBERS.llmCalls,
      { [ATTR_GEN_AI_OPERATION_NAME]: 'chat', ...model, [ATTR_GEN_AI_RESPONSE_MODEL]: S1.responseModel },
      DURATION_BUCKETS,
    ),
    ...counterProblems(recorded, METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_INPUT_TOKENS, S1_NUMBERS.agentInputTokens, text),
    ...counterProblems(recorded, METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_OUTPUT_TOKENS, S1_NUMBERS.agentOutputTokens, text),
    ...counterProblems(
      recorded,
      METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_CACHE_READ_INPUT_TOKENS,
      S1.chat1.usage.cacheReadInputTokens,
      text,
    ),
    ...counterProblems(
      recorded,
      METRIC_GEN_AI_CLIENT_INFERENCE_USAGE_REASONING_OUTPUT_TOKENS,
      S1.chat2.usage.reasoningOutputTokens,
      text,
    ),
    ...histogramProblems(recorded, METRIC_GEN_AI_INVOCATION_DURATION, 1, {
      [ATTR_GEN_AI_AGENT_NAME]: S1.agentName,
    }),
    ...histogramProblems(recorded, METRIC_GEN_AI_EXECUTE_TOOL_DURATION, 1, {
      [ATTR_GEN_AI_TOOL_NAME]: S1.tool.name,
    }),
    ...counterProblems(
      recorded,
      METRIC_AGENTSPAN_COST,
      S1_NUMBERS.agentCostUsd,
      { ...model, [ATTR_GEN_AI_AGENT_NAME]: S1.agentName },
      COST_TOLERANCE,
    ),
    ...checkNoIdsOnMetrics(recorded),
  ];
}

/** S4: the streamed chat records time-to-first-chunk points (seconds, the duration buckets). */
export function checkStreamingMetrics(recorded: ResourceMetrics): string[] {
  const metrics = metricsNamed(recorded, METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK);
  if (metrics.length === 0) return [`${METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK}: not recorded`];
  return pointsOf(metrics).flatMap((point) => {
    const boundaries = (point.value as { buckets?: { boundaries?: number[] } }).buckets?.boundaries;
    return JSON.stringify(boundaries) === JSON.stringify(DURATION_BUCKETS)
      ? []
      : [`${METRIC_GEN_AI_CLIENT_INFERENCE_TIME_TO_FIRST_CHUNK}: bucket boundaries ${JSON.stringify(boundaries)}`];
  });
}
