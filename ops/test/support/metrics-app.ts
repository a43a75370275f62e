// The application side of the Prometheus test: a MeterProvider whose PrometheusExporter is
// served on a free port of 127.0.0.1, and the conformance harness running the scenario
// rounds through the chosen producer with the core configured on that provider.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agentspan } from '@agentspan/core';
import {
  type ConformanceHarness,
  createHarness,
  DeltaMetricReader,
  FIXTURE_PRICES,
  runScenario,
} from '@agentspan/conformance/runner';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { PRODUCER } from './producer.js';
import { CACHE_WRITE_CALL, FEEDBACK, ROUND } from './scenario-rounds.js';

export interface MetricsApp {
  /** host:port Prometheus scrapes (path /metrics). */
  target: string;
  /** Runs one round of scenarios; throws with the problems when one does not conform. */
  runRound(): Promise<void>;
  close(): Promise<void>;
}

export async function startMetricsApp(): Promise<MetricsApp> {
  const exporter = new PrometheusExporter({ preventServerStart: true });
  // The scenarios' own metric checks read this reader; Prometheus reads the exporter.
  const recorded = new DeltaMetricReader();
  // exporter-prometheus 0.223.0 brings its own sdk-metrics 2.12.0; its reader works with
  // our 2.12.1 provider (same reader interface).
  const meterProvider = new MeterProvider({ readers: [exporter, recorded] });
  const base = createHarness();
  // runScenario configures the core with harness.meterProvider: this one.
  const harness: ConformanceHarness = { ...base, meterProvider, metricReader: recorded };
  base.register();

  const server = createServer((request, response) => exporter.getMetricsRequestHandler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const cacheWriter = new Agentspan({ meterProvider, tracerProvider: base.tracerProvider, prices: FIXTURE_PRICES });

  return {
    target: `127.0.0.1:${port}`,
    async runRound() {
      for (const id of ROUND) {
        const result = await runScenario(harness, PRODUCER, id);
        if (!result.passed) {
          const problems = result.problems.length > 0 ? result.problems.join('\n') : 'the span tree differs from the expected one';
          throw new Error(`${PRODUCER.name} does not conform in ${id}:\n${problems}`);
        }
      }
      const { provider, requestModel, usage } = CACHE_WRITE_CALL;
      await cacheWriter.chat({ provider, requestModel }, async () => usage, (raw) => ({ responseModel: requestModel, usage: raw }));
      // No LoggerProvider here: the events are dropped, the score metric is what Prometheus reads.
      for (const rating of FEEDBACK.ratings) await cacheWriter.recordFeedback(FEEDBACK.turn, { rating, agentName: FEEDBACK.agentName });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await meterProvider.shutdown();
      await base.shutdown();
    },
  };
}
