// Produces real agent turns and ships them to the viewer through the real OTLP/HTTP exporter.
// The producer is chosen here only: the LangChain example's real createAgent agent, traced by
// @agentspan/langchain (any example's conformance adapter would do).
import {
  type ConformanceAdapter,
  type ConformanceHarness,
  createHarness,
  runScenario,
  type ScenarioId,
} from '@agentspan/conformance/runner';
import { conformanceAdapter as langchainSupportAgent } from '@agentspan/example-langchain/conformance';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** ExportResultCode.SUCCESS of @opentelemetry/core (not a dependency of this package). */
const EXPORT_SUCCESS = 0;

/** Who produces the turns: a real LangChain agent and the LangChain adapter. */
export const PRODUCER: ConformanceAdapter = langchainSupportAgent;

export interface ExportedTurn {
  traceId: string;
  spans: ReadableSpan[];
}

/** Sends spans to `${viewerUrl}/v1/traces` with the OTLP/HTTP (JSON) exporter. */
export async function exportSpans(viewerUrl: string, spans: ReadableSpan[]): Promise<void> {
  const exporter = new OTLPTraceExporter({ url: `${viewerUrl}/v1/traces` });
  try {
    await new Promise<void>((resolve, reject) => {
      exporter.export(spans, (result) => {
        if (result.code === EXPORT_SUCCESS) resolve();
        else reject(result.error ?? new Error('OTLP export failed'));
      });
    });
  } finally {
    await exporter.shutdown();
  }
}

/**
 * Runs one conformance scenario with PRODUCER, checks the producer got it right (so a broken
 * producer is not mistaken for a broken viewer), exports its spans to the viewer.
 */
export async function exportScenario(
  harness: ConformanceHarness,
  viewerUrl: string,
  id: ScenarioId,
): Promise<ExportedTurn> {
  const result = await runScenario(harness, PRODUCER, id);
  if (!result.passed) {
    throw new Error(`producer ${PRODUCER.name} failed scenario ${id}: ${result.problems.join('; ') || 'tree differs'}`);
  }
  const traceIds = new Set(result.spans.map((span) => span.spanContext().traceId));
  if (traceIds.size !== 1) throw new Error(`scenario ${id}: expected one trace, got ${traceIds.size}`);
  await exportSpans(viewerUrl, result.spans);
  return { traceId: [...traceIds][0] as string, spans: result.spans };
}

export { createHarness };
