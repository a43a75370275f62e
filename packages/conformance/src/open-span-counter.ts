// "No span left open": a span processor that knows which started spans have not ended.
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

export class OpenSpanCounter implements SpanProcessor {
  private readonly open = new Map<string, string>();
  private startedCount = 0;
  private endedCount = 0;

  onStart(span: Span, _parentContext: Context): void {
    this.startedCount += 1;
    this.open.set(span.spanContext().spanId, span.name);
  }

  onEnd(span: ReadableSpan): void {
    this.endedCount += 1;
    this.open.delete(span.spanContext().spanId);
  }

  get started(): number {
    return this.startedCount;
  }

  get ended(): number {
    return this.endedCount;
  }

  /** Names of the spans started and not yet ended. */
  openSpans(): string[] {
    return [...this.open.values()];
  }

  /** Polls until every started span has ended; resolves the names still open at the timeout. */
  async waitUntilAllEnded(timeoutMs: number, pollMs = 10): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.open.size > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
    return this.openSpans();
  }

  /** Forgets spans still open (between scenarios, after they were reported). */
  reset(): void {
    this.open.clear();
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
