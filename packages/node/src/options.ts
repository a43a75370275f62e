// register()'s options and their validation: a wrong or unknown key fails at start-up with
// AgentspanConfigError, naming the key and what was expected.
import { type AgentspanConfig, AgentspanConfigError } from '@agentspan/core';
import type { Attributes } from '@opentelemetry/api';
import type { Sampler, SpanProcessor } from '@opentelemetry/sdk-trace';

/** The OTLP transports: protobuf or JSON over HTTP, or gRPC (needs the optional `-grpc` exporters). */
export type OtlpProtocol = 'http/protobuf' | 'http/json' | 'grpc';

/**
 * The adapters `register()` wires with no code of yours, when they are installed: `false`
 * leaves one out, an object is passed to its registration call as its options.
 */
export interface AdapterSwitches {
  /** `@agentspan/langchain`: a handler for every LangChain / LangGraph run (`registerAgentspanHandler(options)`). */
  langchain?: boolean | Record<string, unknown>;
  /** `@agentspan/ai-sdk`: the AI SDK telemetry integration, registered globally (`registerAgentspanTelemetry(options)`). */
  aiSdk?: boolean | Record<string, unknown>;
  /** `@agentspan/llamaindex`: the LlamaIndex.TS instrumentation (`instrumentLlamaIndex(options)`). */
  llamaindex?: boolean | Record<string, unknown>;
}

export interface RegisterOptions {
  /** `service.name`. Default: `OTEL_SERVICE_NAME`, else OpenTelemetry's `unknown_service:node`. */
  serviceName?: string;
  /** More resource attributes, over `OTEL_RESOURCE_ATTRIBUTES`. */
  resourceAttributes?: Attributes;
  /**
   * OTLP base URL of traces and metrics (`/v1/traces` and `/v1/metrics` are appended).
   * Default: `OTEL_EXPORTER_OTLP_ENDPOINT` (or the per-signal `…_TRACES_ENDPOINT` /
   * `…_METRICS_ENDPOINT`), else `http://127.0.0.1:4318`, the local agentspan viewer.
   */
  endpoint?: string;
  /** Headers of every export request. Default: `OTEL_EXPORTER_OTLP_HEADERS` (and per signal). */
  headers?: Record<string, string>;
  /** Default: `OTEL_EXPORTER_OTLP_PROTOCOL` (and per signal), else `http/protobuf`. */
  protocol?: OtlpProtocol;
  /** Default: `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`, else parent-based always-on. */
  sampler?: Sampler;
  /** Span processors run beside the OTLP export (yours: a console exporter, a filter…). */
  spanProcessors?: SpanProcessor[];
  /** A meter provider with an OTLP metric exporter. Default: on, unless `OTEL_METRICS_EXPORTER=none`. */
  metrics?: boolean;
  /** Milliseconds between metric exports. Default: `OTEL_METRIC_EXPORT_INTERVAL`, else 60000. */
  metricExportIntervalMs?: number;
  /** Options of the Agentspan instance every adapter uses (content capture, redaction, prices…). */
  agentspan?: Omit<AgentspanConfig, 'tracerProvider' | 'meterProvider'>;
  /** Wire the installed adapters that need no code. Default: all of them. */
  adapters?: boolean | AdapterSwitches;
  /** Flush and shut down on SIGINT, SIGTERM and before the process exits. Default true. */
  shutdownOnExit?: boolean;
}

const KEYS: readonly (keyof RegisterOptions)[] = [
  'serviceName',
  'resourceAttributes',
  'endpoint',
  'headers',
  'protocol',
  'sampler',
  'spanProcessors',
  'metrics',
  'metricExportIntervalMs',
  'agentspan',
  'adapters',
  'shutdownOnExit',
];
const ADAPTER_KEYS: readonly (keyof AdapterSwitches)[] = ['langchain', 'aiSdk', 'llamaindex'];
export const PROTOCOLS: readonly OtlpProtocol[] = ['http/protobuf', 'http/json', 'grpc'];

function fail(message: string): never {
  throw new AgentspanConfigError(`register(): ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, known: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) fail(`unknown option ${where}${key}; the options are ${known.join(', ')}`);
  }
}

function optional(value: unknown, name: string, type: 'string' | 'boolean' | 'object'): void {
  if (value === undefined) return;
  const ok = type === 'object' ? isRecord(value) : typeof value === type;
  if (!ok) fail(`${name} must be ${type === 'object' ? 'an object' : `a ${type}`}, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

function checkEndpoint(endpoint: unknown): void {
  optional(endpoint, 'endpoint', 'string');
  if (endpoint === undefined) return;
  let url: URL;
  try {
    url = new URL(endpoint as string);
  } catch {
    fail(`endpoint must be an absolute URL such as http://127.0.0.1:4318, got ${describe(endpoint)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`endpoint must be an http(s) URL, got ${describe(endpoint)}`);
}

function checkSampler(sampler: unknown): void {
  if (sampler === undefined) return;
  if (!isRecord(sampler) || typeof sampler.shouldSample !== 'function') {
    fail('sampler must be an OpenTelemetry Sampler (an object with shouldSample)');
  }
}

function checkProcessors(processors: unknown): void {
  if (processors === undefined) return;
  const ok =
    Array.isArray(processors) &&
    processors.every((p) => isRecord(p) && typeof p.onEnd === 'function' && typeof p.shutdown === 'function');
  if (!ok) fail('spanProcessors must be an array of OpenTelemetry SpanProcessors');
}

function checkAdapters(adapters: unknown): void {
  if (adapters === undefined || typeof adapters === 'boolean') return;
  if (!isRecord(adapters)) fail(`adapters must be a boolean or { ${ADAPTER_KEYS.join(', ')} }, got ${describe(adapters)}`);
  unknownKeys(adapters, ADAPTER_KEYS, 'adapters.');
  for (const key of ADAPTER_KEYS) {
    const value = adapters[key];
    if (value !== undefined && typeof value !== 'boolean' && !isRecord(value)) {
      fail(`adapters.${key} must be a boolean or the adapter's options object, got ${describe(value)}`);
    }
  }
}

/** Throws AgentspanConfigError for anything register() cannot take as given. */
export function validateOptions(options: unknown): RegisterOptions {
  if (options === undefined) return {};
  if (!isRecord(options)) fail(`options must be an object, got ${describe(options)}`);
  unknownKeys(options, KEYS, '');
  optional(options.serviceName, 'serviceName', 'string');
  if (options.serviceName === '') fail('serviceName must not be empty');
  optional(options.resourceAttributes, 'resourceAttributes', 'object');
  checkEndpoint(options.endpoint);
  optional(options.headers, 'headers', 'object');
  if (isRecord(options.headers)) {
    for (const [name, value] of Object.entries(options.headers)) {
      if (typeof value !== 'string') fail(`headers.${name} must be a string, got ${describe(value)}`);
    }
  }
  if (options.protocol !== undefined && !PROTOCOLS.includes(options.protocol as OtlpProtocol)) {
    fail(`protocol must be one of ${PROTOCOLS.join(', ')}, got ${describe(options.protocol)}`);
  }
  checkSampler(options.sampler);
  checkProcessors(options.spanProcessors);
  optional(options.metrics, 'metrics', 'boolean');
  const interval = options.metricExportIntervalMs;
  if (interval !== undefined && (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1)) {
    fail(`metricExportIntervalMs must be an integer >= 1, got ${describe(interval)}`);
  }
  optional(options.agentspan, 'agentspan', 'object');
  if (isRecord(options.agentspan) && ('tracerProvider' in options.agentspan || 'meterProvider' in options.agentspan)) {
    fail('agentspan.tracerProvider / meterProvider are the ones register() makes; leave them out');
  }
  checkAdapters(options.adapters);
  optional(options.shutdownOnExit, 'shutdownOnExit', 'boolean');
  return options as RegisterOptions;
}
