// Collects what the OpenTelemetry SDK and the core report through `diag` that signals a
// defect: every error (the core reports its own caught exceptions there) and the SDK's
// warnings about a span used after it ended or given an invalid attribute.
import { type DiagLogger, DiagLogLevel, diag } from '@opentelemetry/api';

const DEFECT_WARNINGS = [
  'Cannot execute the operation on ended Span',
  'Invalid attribute',
  'Inconsistent start and end time',
];

function describe(args: unknown[]): string {
  return args
    .map((arg) => (arg instanceof Error ? `${arg.name}: ${arg.message}` : String(arg)))
    .join(' ');
}

export class DiagnosticsRecorder {
  private messages: string[] = [];

  /** Replaces the global diag logger (only one exists per process). */
  install(): void {
    const record =
      (level: string) =>
      (message: string, ...args: unknown[]): void => {
        this.messages.push(`diag.${level}: ${describe([message, ...args])}`);
      };
    const ignore = (): void => {};
    const logger: DiagLogger = {
      error: record('error'),
      warn: (message, ...args) => {
        if (DEFECT_WARNINGS.some((warning) => message.includes(warning))) {
          record('warn')(message, ...args);
        }
      },
      info: ignore,
      debug: ignore,
      verbose: ignore,
    };
    diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  }

  uninstall(): void {
    diag.disable();
  }

  /** The messages recorded since the previous call. */
  take(): string[] {
    const taken = this.messages;
    this.messages = [];
    return taken;
  }
}
