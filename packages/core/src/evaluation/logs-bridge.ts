// Where evaluation events go: the OpenTelemetry Logs API (`@opentelemetry/api-logs`, an
// optional peer dependency: the application's own copy), through the logger provider given
// in the configuration or the global one. The API is loaded on the first evaluation only,
// so an application that records none needs neither the package nor the load.
import type { Context, TimeInput } from '@opentelemetry/api';
import { warnOnce } from '../safety.js';

/** One log record, as `@opentelemetry/api-logs` defines it (the fields we write). */
export interface EventRecord {
  eventName: string;
  timestamp: TimeInput;
  severityNumber: number;
  severityText: string;
  attributes: Record<string, string | number | boolean>;
  context: Context;
}

/** What agentspan needs of a Logger (`@opentelemetry/api-logs`). */
export interface EventLogger {
  emit(record: EventRecord): void;
  enabled?(options?: { context?: Context; eventName?: string }): boolean;
}

/** What agentspan needs of a LoggerProvider (`@opentelemetry/sdk-logs`' LoggerProvider is one). */
export interface EventLoggerProvider {
  getLogger(name: string, version?: string): EventLogger;
}

interface LogsApi {
  logs: { getLoggerProvider(): EventLoggerProvider };
}

let loading: Promise<LogsApi | undefined> | undefined;
let loaded: LogsApi | undefined;

function loadLogsApi(): Promise<LogsApi | undefined> {
  loading ??= import('@opentelemetry/api-logs').then(
    (m) => {
      loaded = m as unknown as LogsApi;
      return loaded;
    },
    () => undefined,
  );
  return loading;
}

const SCOPE = '@agentspan/core';
const SCOPE_VERSION = '0.1.0';

export class LogsBridge {
  private boundTo: EventLoggerProvider | undefined;
  private logger: EventLogger | undefined;

  constructor(private readonly explicit: EventLoggerProvider | undefined) {}

  private loggerOf(provider: EventLoggerProvider): EventLogger {
    if (provider !== this.boundTo) {
      this.logger = provider.getLogger(SCOPE, SCOPE_VERSION);
      this.boundTo = provider;
    }
    return this.logger as EventLogger;
  }

  /**
   * The logger to emit to: at once when it is known (given, or the API loaded before),
   * else once `@opentelemetry/api-logs` is loaded; undefined (reported once) when the
   * package is missing.
   */
  resolve(): EventLogger | undefined | Promise<EventLogger | undefined> {
    if (this.explicit) return this.loggerOf(this.explicit);
    if (loaded) return this.loggerOf(loaded.logs.getLoggerProvider());
    return loadLogsApi().then((api) => {
      if (api) return this.loggerOf(api.logs.getLoggerProvider());
      warnOnce(
        'evaluation: no logs api',
        'evaluation events need @opentelemetry/api-logs (install it beside @opentelemetry/api) and a LoggerProvider; they are dropped, the score metric is still recorded',
      );
      return undefined;
    });
  }
}
