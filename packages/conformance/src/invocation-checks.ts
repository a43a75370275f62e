// Metrics of S7-S9: which invocations were recorded (gen_ai.invocation.duration with
// gen_ai.invocation.is_nested: exactly one outermost per turn) and the per-agent call counts
// (each model and tool call counted once, against the agent that made it).
import {
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_INVOCATION_IS_NESTED,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_WORKFLOW_NAME,
  METRIC_GEN_AI_INVOCATION_DURATION,
  METRIC_GEN_AI_INVOKE_AGENT_INFERENCE_CALLS,
  METRIC_GEN_AI_INVOKE_AGENT_TOOL_CALLS,
} from '@agentspan/semconv';
import type { Attributes } from '@opentelemetry/api';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { S7, S8, S9 } from './team-fixture.js';

interface Point {
  attributes: Attributes;
  value: unknown;
}

function points(recorded: ResourceMetrics, name: string): Point[] {
  return recorded.scopeMetrics.flatMap((scope) =>
    scope.metrics
      .filter((metric) => metric.descriptor.name === name)
      .flatMap((metric) => metric.dataPoints as Point[]),
  );
}

function countOf(value: unknown): number {
  return typeof value === 'object' && value !== null ? Number((value as { count?: unknown }).count) : Number.NaN;
}
function sumOf(value: unknown): number {
  return typeof value === 'object' && value !== null ? Number((value as { sum?: unknown }).sum) : Number.NaN;
}

/** `operation name nested` per invocation recorded (a point with count n stands n times). */
function invocations(recorded: ResourceMetrics): string[] {
  return points(recorded, METRIC_GEN_AI_INVOCATION_DURATION)
    .flatMap((p) => {
      const name = p.attributes[ATTR_GEN_AI_WORKFLOW_NAME] ?? p.attributes[ATTR_GEN_AI_AGENT_NAME];
      const line = `${String(p.attributes[ATTR_GEN_AI_OPERATION_NAME])} ${String(name)} nested=${String(p.attributes[ATTR_GEN_AI_INVOCATION_IS_NESTED])}`;
      return Array.from({ length: countOf(p.value) || 0 }, () => line);
    })
    .sort();
}

/** Calls per agent (the histogram's sum), by agent name. */
function callsByAgent(recorded: ResourceMetrics, metric: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of points(recorded, metric)) {
    const name = String(p.attributes[ATTR_GEN_AI_AGENT_NAME]);
    out[name] = (out[name] ?? 0) + sumOf(p.value);
  }
  return out;
}

function compare(label: string, actual: unknown, expected: unknown): string[] {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)];
  return a === e ? [] : [`${label}: ${a}, expected ${e}`];
}

function sorted(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The invocations and per-agent counts one turn of S7, S8 or S9 records. Over HTTP, S7 has a
 * root already (the request's span): the framework's run records no invocation at all.
 */
export function checkInvocationMetrics(recorded: ResourceMetrics, scenario: 'S7' | 'S8' | 'S9', http = false): string[] {
  const label = `${scenario} ${METRIC_GEN_AI_INVOCATION_DURATION}`;
  if (scenario === 'S7') {
    return compare(label, invocations(recorded), http ? [] : [`invoke_workflow ${S7.workflowName} nested=false`]);
  }
  if (scenario === 'S8') {
    const [billing, shipping] = S8.subAgents;
    return [
      ...compare(label, invocations(recorded), [
        `invoke_agent ${billing.name} nested=true`,
        `invoke_agent ${shipping.name} nested=true`,
        `invoke_agent ${S8.supervisor.name} nested=false`,
      ].sort()),
      ...compare(`S8 ${METRIC_GEN_AI_INVOKE_AGENT_INFERENCE_CALLS}`, sorted(callsByAgent(recorded, METRIC_GEN_AI_INVOKE_AGENT_INFERENCE_CALLS)), sorted({
        [S8.supervisor.name]: 3,
        [billing.name]: 1,
        [shipping.name]: 1,
      })),
      ...compare(`S8 ${METRIC_GEN_AI_INVOKE_AGENT_TOOL_CALLS}`, sorted(callsByAgent(recorded, METRIC_GEN_AI_INVOKE_AGENT_TOOL_CALLS)), sorted({
        [S8.supervisor.name]: 2,
        [billing.name]: 0,
        [shipping.name]: 0,
      })),
    ];
  }
  return [
    ...compare(label, invocations(recorded), [
      `handle_conversation_turn ${S9.entry.name} nested=false`,
      `invoke_agent ${S9.entry.name} nested=true`,
      `invoke_agent ${S9.target.name} nested=true`,
    ].sort()),
    ...compare(`S9 ${METRIC_GEN_AI_INVOKE_AGENT_INFERENCE_CALLS}`, sorted(callsByAgent(recorded, METRIC_GEN_AI_INVOKE_AGENT_INFERENCE_CALLS)), sorted({
      [S9.entry.name]: 1,
      [S9.target.name]: 1,
    })),
  ];
}
