// A logger provider exporting to memory, and reads of the evaluation events and score points.
import { InMemoryLogRecordExporter, LoggerProvider, type ReadableLogRecord, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { InMemoryMetricExporter } from '@opentelemetry/sdk-metrics';

export function setupLogs() {
  const logExporter = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logExporter })] });
  return { logExporter, loggerProvider };
}

export function evaluationEvents(exporter: InMemoryLogRecordExporter): ReadableLogRecord[] {
  return exporter.getFinishedLogRecords().filter((r) => r.eventName === 'gen_ai.evaluation.result');
}

export interface ScorePoint {
  attributes: Record<string, unknown>;
  count: number;
  sum: number;
}

/** The agentspan.evaluation.score points (cumulative) after a collection. */
export async function scorePoints(reader: PeriodicExportingMetricReader): Promise<ScorePoint[]> {
  const { resourceMetrics } = await reader.collect();
  const points: ScorePoint[] = [];
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      if (metric.descriptor.name !== 'agentspan.evaluation.score') continue;
      for (const p of metric.dataPoints) {
        const v = p.value as { count: number; sum: number };
        points.push({ attributes: { ...p.attributes }, count: v.count, sum: v.sum });
      }
    }
  }
  return points;
}

export type { InMemoryMetricExporter };
