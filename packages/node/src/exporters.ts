// The OTLP exporters of both signals, by protocol. With no endpoint in the options or the
// environment, they send to the local agentspan viewer (http://127.0.0.1:4318: the OTLP/HTTP
// port, on IPv4 where `npx @agentspan/viewer` listens), and say once when nothing answers.
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { type Signal, endpointInEnv, env, protocolOf } from './env.js';
import { findInstalled, type ModuleFormat } from './installed.js';
import type { OtlpProtocol, RegisterOptions } from './options.js';
import { warn } from './warn.js';

export const LOCAL_VIEWER = 'http://127.0.0.1:4318';
const PATHS: Record<Signal, string> = { TRACES: 'v1/traces', METRICS: 'v1/metrics' };
const GRPC_PACKAGES: Record<Signal, string> = {
  TRACES: '@opentelemetry/exporter-trace-otlp-grpc',
  METRICS: '@opentelemetry/exporter-metrics-otlp-grpc',
};

/** Where the signal goes when neither the options nor the environment say: undefined = the exporter reads the env. */
export function signalUrl(signal: Signal, options: RegisterOptions, protocol: OtlpProtocol): string | undefined {
  const base = options.endpoint ?? (endpointInEnv(signal) || protocol === 'grpc' ? undefined : LOCAL_VIEWER);
  if (base === undefined) return undefined;
  if (protocol === 'grpc') return base;
  return `${base.endsWith('/') ? base : `${base}/`}${PATHS[signal]}`;
}

interface ExporterConfig {
  url?: string;
  headers?: Record<string, string>;
  timeoutMillis?: number;
}

// The local viewer answers in milliseconds or is not running: a script that ends while it is
// not running must not wait the default 10 s of retries before exiting.
const LOCAL_TIMEOUT_MS = 2_000;

function configOf(signal: Signal, options: RegisterOptions, protocol: OtlpProtocol): ExporterConfig {
  const config: ExporterConfig = {};
  const url = signalUrl(signal, options, protocol);
  if (url !== undefined) config.url = url;
  if (url?.startsWith(LOCAL_VIEWER) && options.endpoint === undefined && !env.string('OTEL_EXPORTER_OTLP_TIMEOUT')) {
    config.timeoutMillis = LOCAL_TIMEOUT_MS;
  }
  if (options.headers) config.headers = { ...options.headers };
  return config;
}

type ExporterClass<T> = new (config: ExporterConfig) => T;

function grpcExporter<T>(signal: Signal, format: ModuleFormat): ExporterClass<T> {
  const name = GRPC_PACKAGES[signal];
  const installed = findInstalled(name, format);
  if (!installed) {
    throw new Error(`OTLP over gRPC needs ${name}: npm install ${name} (or use http/protobuf, the default)`);
  }
  return (installed.load() as { OTLPTraceExporter?: ExporterClass<T>; OTLPMetricExporter?: ExporterClass<T> })[
    signal === 'TRACES' ? 'OTLPTraceExporter' : 'OTLPMetricExporter'
  ] as ExporterClass<T>;
}

export function traceExporter(options: RegisterOptions, format: ModuleFormat): SpanExporter {
  const protocol = protocolOf('TRACES', options.protocol);
  const config = configOf('TRACES', options, protocol);
  const Exporter: ExporterClass<SpanExporter> =
    protocol === 'grpc' ? grpcExporter('TRACES', format) : protocol === 'http/json' ? JsonTraceExporter : ProtoTraceExporter;
  const exporter = new Exporter(config);
  return config.url?.startsWith(LOCAL_VIEWER) && options.endpoint === undefined ? new ViewerHint(exporter) : exporter;
}

export function metricExporter(options: RegisterOptions, format: ModuleFormat): PushMetricExporter {
  const protocol = protocolOf('METRICS', options.protocol);
  const Exporter: ExporterClass<PushMetricExporter> =
    protocol === 'grpc' ? grpcExporter('METRICS', format) : protocol === 'http/json' ? JsonMetricExporter : ProtoMetricExporter;
  return new Exporter(configOf('METRICS', options, protocol));
}

/**
 * The default endpoint, said out loud: the first failed export to the local viewer's
 * address tells the developer how to start it or where to point the export instead.
 */
class ViewerHint implements SpanExporter {
  private told = false;
  constructor(private readonly inner: SpanExporter) {}

  export(...[spans, done]: Parameters<SpanExporter['export']>): void {
    this.inner.export(spans, (result) => {
      if (result.code !== 0 && !this.told) {
        this.told = true;
        warn(
          `could not send spans to ${LOCAL_VIEWER}, the local viewer's address (no OTEL_EXPORTER_OTLP_ENDPOINT is set): ` +
            'start the viewer with `npx @agentspan/viewer`, or set OTEL_EXPORTER_OTLP_ENDPOINT to your collector',
        );
      }
      done(result);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
