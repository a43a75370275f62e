// The SDK of the hostile suites: spans to memory, an open-span counter, and optionally a
// span processor whose onEnd throws (a buggy exporter pipeline the app runs beside us).
import { type DiagLogger, DiagLogLevel, context, diag } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
// The conformance suite's counter, by path: a package dependency would close a cycle (the
// conformance package depends on the core, whose tests use this package).
import { OpenSpanCounter } from '../../conformance/src/open-span-counter.js';

export interface HostileTracing {
  readonly provider: BasicTracerProvider;
  readonly counter: OpenSpanCounter;
  readonly exporter: InMemorySpanExporter;
  spans(): ReadableSpan[];
  /** Names of spans still open after waiting up to `ms` for stragglers (empty: all ended). */
  openAfter(ms?: number): Promise<string[]>;
  /** Forgets finished spans and open ones (between runs, once checked). */
  reset(): void;
}

/** A processor whose onEnd throws, as a buggy exporter pipeline may. */
export class ThrowingOnEndProcessor implements SpanProcessor {
  onStart(): void {}
  onEnd(): void {
    throw new Error('span processor onEnd failed');
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

let contextManager: AsyncLocalStorageContextManager | undefined;

/** The AsyncLocalStorage context manager, registered once per process. */
export function ensureContextManager(): void {
  if (contextManager) return;
  contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
}

export function hostileTracing(options: { throwingOnEnd?: boolean } = {}): HostileTracing {
  ensureContextManager();
  const counter = new OpenSpanCounter();
  const exporter = new InMemorySpanExporter();
  const processors: SpanProcessor[] = [counter, new SimpleSpanProcessor(exporter)];
  if (options.throwingOnEnd) processors.push(new ThrowingOnEndProcessor());
  const provider = new BasicTracerProvider({ spanProcessors: processors });
  return {
    provider,
    counter,
    exporter,
    spans: () => exporter.getFinishedSpans(),
    openAfter: (ms = 0) => (ms > 0 ? counter.waitUntilAllEnded(ms, 2) : Promise.resolve(counter.openSpans())),
    reset() {
      exporter.reset();
      counter.reset();
    },
  };
}

/** Collects diag error lines (agentspan's internal faults) while installed. */
export function captureDiagnostics(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const push = (message: string, ...args: unknown[]) => lines.push([message, ...args.map(String)].join(' '));
  const logger: DiagLogger = { error: push, warn: push, info: () => {}, debug: () => {}, verbose: () => {} };
  diag.setLogger(logger, { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return { lines, restore: () => diag.disable() };
}
