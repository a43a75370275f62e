// One S1 turn made by the core's manual API (the conformance reference app), and the real OTLP
// exporters that send it.
import { coreManualAdapter, createHarness, runScenario } from '@agentspan/conformance/runner';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** Runs scenario S1 once and returns its finished spans (seven, one trace). */
export async function makeS1Spans(): Promise<ReadableSpan[]> {
  const harness = createHarness();
  harness.register();
  try {
    const result = await runScenario(harness, coreManualAdapter, 'S1');
    if (!result.passed) throw new Error(`S1 did not conform: ${result.problems.join('; ')}`);
    return result.spans;
  } finally {
    await harness.shutdown();
  }
}

export type ExporterKind = 'json' | 'protobuf';

/** Exports spans through the real OTLP/HTTP exporter; resolves when the viewer accepted them. */
export async function exportSpans(
  url: string,
  spans: ReadableSpan[],
  kind: ExporterKind,
  options: { gzip?: boolean; headers?: Record<string, string> } = {},
): Promise<void> {
  const config = {
    url: `${url}/v1/traces`,
    ...(options.gzip === true && { compression: CompressionAlgorithm.GZIP }),
    ...(options.headers !== undefined && { headers: options.headers }),
  };
  const exporter = kind === 'json' ? new JsonExporter(config) : new ProtoExporter(config);
  try {
    await new Promise<void>((resolve, reject) => {
      exporter.export(spans, (result) => {
        if (result.code === 0) resolve();
        else reject(result.error ?? new Error('export failed'));
      });
    });
  } finally {
    await exporter.shutdown();
  }
}
