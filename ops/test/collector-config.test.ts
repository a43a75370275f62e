// The OpenTelemetry Collector configuration, checked without a collector binary: every
// pipeline uses defined components, the tail-sampling policies use attribute names of
// @agentspan/semconv with numeric thresholds, and the metrics keep the names the rules use.
import { readFileSync } from 'node:fs';
import * as semconv from '@agentspan/semconv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OPS_FILES } from './support/ops-files.js';

type Section = Record<string, Record<string, unknown> | null>;
interface Pipeline {
  receivers: string[];
  processors?: string[];
  exporters: string[];
}
interface CollectorConfig {
  receivers: Section;
  processors: Section;
  exporters: Section;
  extensions?: Section;
  service: { extensions?: string[]; pipelines: Record<string, Pipeline> };
}
interface Policy {
  name: string;
  type: string;
  status_code?: { status_codes: string[] };
  latency?: { threshold_ms: unknown };
  probabilistic?: { sampling_percentage: unknown };
  ottl_condition?: { span?: string[]; spanevent?: string[] };
  string_attribute?: { key: string };
  numeric_attribute?: { key: string };
}

const config = parse(readFileSync(OPS_FILES.collector, 'utf8')) as CollectorConfig;
const tailSampling = config.processors.tail_sampling as { decision_wait: string; policies: Policy[] };
const policies = tailSampling.policies;
const policy = (type: string) => policies.find((p) => p.type === type);

/** Every span attribute name @agentspan/semconv pins. */
const SEMCONV_ATTRIBUTES = new Set(
  Object.entries(semconv).flatMap(([name, value]) => (name.startsWith('ATTR_') && typeof value === 'string' ? [value] : [])),
);
const SEMCONV_METRICS = Object.entries(semconv).flatMap(([name, value]) =>
  name.startsWith('METRIC_') && typeof value === 'string' ? [value] : [],
);

function attributesInOttl(condition: string): string[] {
  return [...condition.matchAll(/attributes\["([^"]+)"\]/g)].map((m) => m[1]!);
}

describe('collector configuration', () => {
  it.each(Object.entries(config.service.pipelines))('pipeline %s uses only defined components', (_name, pipeline) => {
    const missing = [
      ...pipeline.receivers.filter((r) => !(r in config.receivers)).map((r) => `receiver ${r}`),
      ...(pipeline.processors ?? []).filter((p) => !(p in config.processors)).map((p) => `processor ${p}`),
      ...pipeline.exporters.filter((e) => !(e in config.exporters)).map((e) => `exporter ${e}`),
    ];
    expect(missing).toEqual([]);
    expect(pipeline.processors?.[0], 'memory_limiter must come first').toBe('memory_limiter');
    expect(pipeline.processors?.at(-1), 'batch must come last').toBe('batch');
  });

  it('defines nothing that no pipeline uses', () => {
    const pipelines = Object.values(config.service.pipelines);
    const used = new Set(pipelines.flatMap((p) => [...p.receivers, ...(p.processors ?? []), ...p.exporters]));
    const defined = [...Object.keys(config.receivers), ...Object.keys(config.processors), ...Object.keys(config.exporters)];
    expect(defined.filter((name) => !used.has(name))).toEqual([]);
    expect((config.service.extensions ?? []).filter((name) => !(name in (config.extensions ?? {})))).toEqual([]);
  });

  it('receives OTLP over gRPC and HTTP, exports traces over OTLP and metrics to Prometheus and OTLP', () => {
    expect(Object.keys((config.receivers.otlp as { protocols: object }).protocols).sort()).toEqual(['grpc', 'http']);
    const { traces, metrics } = config.service.pipelines;
    expect(traces?.processors).toContain('tail_sampling');
    expect(traces?.exporters.some((e) => e.startsWith('otlp'))).toBe(true);
    expect(metrics?.exporters).toContain('prometheus');
    expect(metrics?.exporters.some((e) => e.startsWith('otlp'))).toBe(true);
  });

  it('keeps errors, slow turns, expensive turns and a ratio of the rest', () => {
    expect(policy('status_code')?.status_code?.status_codes).toEqual(['ERROR']);
    const slowMs = policy('latency')?.latency?.threshold_ms;
    expect(typeof slowMs === 'number' && slowMs > 0, `latency threshold_ms ${String(slowMs)}`).toBe(true);
    const ratio = policy('probabilistic')?.probabilistic?.sampling_percentage;
    expect(typeof ratio === 'number' && ratio > 0 && ratio < 100, `sampling_percentage ${String(ratio)}`).toBe(true);
    expect(tailSampling.decision_wait).toMatch(/^\d+s$/);
  });

  it('finds expensive turns by the cost on the invoke_agent span, with a numeric threshold', () => {
    const conditions = policy('ottl_condition')?.ottl_condition?.span ?? [];
    expect(conditions).toHaveLength(1);
    const condition = conditions[0]!;
    expect(condition).toContain(`attributes["${semconv.ATTR_GEN_AI_OPERATION_NAME}"] == "${semconv.GEN_AI_OPERATIONS.invokeAgent}"`);
    const threshold = new RegExp(`attributes\\["${semconv.ATTR_AGENTSPAN_COST_USD}"\\] > (\\S+)`).exec(condition)?.[1];
    expect(Number(threshold), `cost threshold ${threshold}`).toBeGreaterThan(0);
  });

  it('samples on attribute names that @agentspan/semconv defines', () => {
    const names = policies.flatMap((p) => [
      ...[...(p.ottl_condition?.span ?? []), ...(p.ottl_condition?.spanevent ?? [])].flatMap(attributesInOttl),
      ...(p.string_attribute ? [p.string_attribute.key] : []),
      ...(p.numeric_attribute ? [p.numeric_attribute.key] : []),
    ]);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((name) => !SEMCONV_ATTRIBUTES.has(name))).toEqual([]);
  });

  it('clears the unit of every agentspan metric, so Prometheus names match the rules', () => {
    const transform = config.processors['transform/prometheus-names'] as { metric_statements: { statements: string[] }[] };
    const statement = transform.metric_statements.flatMap((s) => s.statements).find((s) => s.startsWith('set(metric.unit, "")'));
    const pattern = /IsMatch\(metric\.name, "(.+)"\)/.exec(statement ?? '')?.[1];
    expect(pattern, 'a set(metric.unit, "") where IsMatch(metric.name, ...) statement').toBeDefined();
    const regex = new RegExp(JSON.parse(`"${pattern}"`) as string);
    expect(SEMCONV_METRICS.length).toBeGreaterThan(10);
    expect(SEMCONV_METRICS.filter((name) => !regex.test(name))).toEqual([]);
  });
});
