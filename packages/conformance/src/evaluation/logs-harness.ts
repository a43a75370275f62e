// The logs side of the suite's SDK for E1: a LoggerProvider exporting to memory, given to the
// scenario's Agentspan instance (the events carry the evaluated span's context).
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';

export interface LogsHarness {
  readonly exporter: InMemoryLogRecordExporter;
  readonly loggerProvider: LoggerProvider;
  reset(): void;
  shutdown(): Promise<void>;
}

export function createLogsHarness(): LogsHarness {
  const exporter = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter })] });
  return {
    exporter,
    loggerProvider,
    reset: () => exporter.reset(),
    shutdown: () => loggerProvider.shutdown(),
  };
}
