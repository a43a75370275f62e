// register(): the OpenTelemetry SDK set up the way the standard OTEL_* variables say, made
// global, with the agentspan instance every adapter uses and every installed adapter wired.
import { Agentspan, AgentspanConfigError, setAgentspan } from '@agentspan/core';
import {
  DiagConsoleLogger,
  DiagLogLevel,
  type MeterProvider as ApiMeterProvider,
  type TracerProvider as ApiTracerProvider,
  context,
  diag,
  metrics,
  propagation,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ConsoleMetricExporter, type MetricReader, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, ConsoleSpanExporter, SimpleSpanProcessor, type SpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { type WiredAdapters, wireAdapters } from './adapters.js';
import { env, exporterNames, sdkDisabled } from './env.js';
import { onExit } from './exit-hooks.js';
import { metricExporter, traceExporter } from './exporters.js';
import { type ModuleFormat, ownFormat } from './installed.js';
import { type RegisterOptions, validateOptions } from './options.js';
import { propagatorFromEnv } from './propagators.js';
import { buildResource } from './resource.js';
import { samplerFromEnv } from './sampler.js';

/** What register() set up; `shutdown()` flushes, shuts down and takes it all back. */
export interface Registration {
  /** The instance every adapter uses (also `getAgentspan()` from `@agentspan/core`). */
  readonly agentspan: Agentspan;
  /** The global tracer provider register() made (a no-op one when `OTEL_SDK_DISABLED=true`). */
  readonly tracerProvider: ApiTracerProvider;
  /** The global meter provider, unless metrics are off. */
  readonly meterProvider: ApiMeterProvider | undefined;
  /** The adapters wired with no code, by package name (e.g. `@agentspan/langchain`). */
  readonly adapters: readonly string[];
  /** Exports what is pending now. */
  forceFlush(): Promise<void>;
  /** Flushes, shuts the providers down, removes the globals and the adapters' registrations. Idempotent. */
  shutdown(): Promise<void>;
}

let active: Registration | undefined;

const LOG_LEVELS: Record<string, DiagLogLevel> = {
  NONE: DiagLogLevel.NONE,
  ERROR: DiagLogLevel.ERROR,
  WARN: DiagLogLevel.WARN,
  INFO: DiagLogLevel.INFO,
  DEBUG: DiagLogLevel.DEBUG,
  VERBOSE: DiagLogLevel.VERBOSE,
  ALL: DiagLogLevel.ALL,
};

// OTEL_LOG_LEVEL=debug shows the SDK's own messages (failed exports among them).
function diagFromEnv(): void {
  const level = env.string('OTEL_LOG_LEVEL')?.trim().toUpperCase();
  if (level && LOG_LEVELS[level] !== undefined && level !== 'NONE') diag.setLogger(new DiagConsoleLogger(), LOG_LEVELS[level]);
}

function spanProcessors(options: RegisterOptions, format: ModuleFormat): SpanProcessor[] {
  const processors: SpanProcessor[] = [];
  for (const name of exporterNames('TRACES')) {
    if (name === 'console') processors.push(new SimpleSpanProcessor({ exporter: new ConsoleSpanExporter() }));
    else {
      processors.push(
        new BatchSpanProcessor({
          exporter: traceExporter(options, format),
          scheduledDelayMillis: env.number('OTEL_BSP_SCHEDULE_DELAY'),
          exportTimeoutMillis: env.number('OTEL_BSP_EXPORT_TIMEOUT'),
          maxQueueSize: env.number('OTEL_BSP_MAX_QUEUE_SIZE'),
          maxExportBatchSize: env.number('OTEL_BSP_MAX_EXPORT_BATCH_SIZE'),
        }),
      );
    }
  }
  return [...processors, ...(options.spanProcessors ?? [])];
}

function metricReaders(options: RegisterOptions, format: ModuleFormat): MetricReader[] {
  if (options.metrics === false) return [];
  const exportIntervalMillis = options.metricExportIntervalMs ?? env.number('OTEL_METRIC_EXPORT_INTERVAL') ?? 60_000;
  const exportTimeoutMillis = Math.min(env.number('OTEL_METRIC_EXPORT_TIMEOUT') ?? 30_000, exportIntervalMillis);
  return exporterNames('METRICS').map(
    (name) =>
      new PeriodicExportingMetricReader({
        exporter: name === 'console' ? new ConsoleMetricExporter() : metricExporter(options, format),
        exportIntervalMillis,
        exportTimeoutMillis,
      }),
  );
}

function alreadyRegistered(): never {
  throw new AgentspanConfigError(
    'register(): this process already has a global OpenTelemetry tracer provider (another SDK set-up, ' +
      'or register() called twice). Keep one: the agentspan adapters use the global providers, so with your own SDK ' +
      'leave register() out; to register again, call shutdown() on the first registration.',
  );
}

/** A registration that set nothing up: OTEL_SDK_DISABLED=true. */
function disabled(options: RegisterOptions): Registration {
  const agentspan = new Agentspan(options.agentspan);
  setAgentspan(agentspan);
  return {
    agentspan,
    tracerProvider: trace.getTracerProvider(),
    meterProvider: undefined,
    adapters: [],
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}

/**
 * Sets up OpenTelemetry for agentspan in this process and returns what it made. Reads the
 * standard OTEL_* variables for whatever the options leave out; with no endpoint anywhere,
 * exports to the local viewer (http://127.0.0.1:4318). Throws AgentspanConfigError for a bad
 * or unknown option, or when another SDK already registered a global tracer provider.
 */
export function register(options?: RegisterOptions): Registration {
  return registerAs(options, ownFormat());
}

/** register(), wiring the adapters' builds of `format` (the zero-code hook's entry format). */
export function registerAs(rawOptions: RegisterOptions | undefined, format: ModuleFormat): Registration {
  const options = validateOptions(rawOptions);
  if (active) alreadyRegistered();
  diagFromEnv();
  if (sdkDisabled()) return disabled(options);

  const resource = buildResource(options);
  const tracerProvider = new TracerProvider({
    resource,
    sampler: options.sampler ?? samplerFromEnv(),
    spanProcessors: spanProcessors(options, format),
  });
  const readers = metricReaders(options, format);
  const meterProvider = readers.length > 0 ? new MeterProvider({ resource, readers }) : undefined;

  if (!trace.setGlobalTracerProvider(tracerProvider)) {
    void tracerProvider.shutdown();
    void meterProvider?.shutdown();
    alreadyRegistered();
  }
  // Without the AsyncLocalStorage context manager, only root spans: nothing nests.
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const ownsContext = context.setGlobalContextManager(contextManager);
  if (!ownsContext) contextManager.disable(); // the application's own stays
  const propagator = propagatorFromEnv(format);
  const ownsPropagator = propagator ? propagation.setGlobalPropagator(propagator) : false;
  const ownsMeter = meterProvider ? metrics.setGlobalMeterProvider(meterProvider) : false;

  const agentspan = new Agentspan({ ...options.agentspan, tracerProvider, meterProvider });
  setAgentspan(agentspan);
  let wired: WiredAdapters | undefined;
  try {
    wired = options.adapters === false ? undefined : wireAdapters(options.adapters, format);
  } catch (error) {
    takeBack();
    throw error;
  }

  const forceFlush = async (): Promise<void> => {
    await Promise.all([tracerProvider.forceFlush(), meterProvider?.forceFlush()]);
  };
  let shutDown: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    shutDown ??= (async () => {
      removeExitHooks();
      wired?.undo();
      await Promise.allSettled([tracerProvider.shutdown(), meterProvider?.shutdown()]);
      takeBack();
    })();
    return shutDown;
  };
  function takeBack(): void {
    if (ownsMeter) metrics.disable();
    if (ownsPropagator) propagation.disable();
    if (ownsContext) context.disable();
    trace.disable();
    setAgentspan(new Agentspan());
    active = undefined;
  }
  const removeExitHooks = options.shutdownOnExit === false ? () => {} : onExit(forceFlush, shutdown);

  active = { agentspan, tracerProvider, meterProvider, adapters: wired?.names ?? [], forceFlush, shutdown };
  return active;
}
