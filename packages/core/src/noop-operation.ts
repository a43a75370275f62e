// Returned when an operation cannot be started (a broken tracer provider, a fault of
// ours): the caller's code goes on with a handle whose every method does nothing.
import { type Context, INVALID_SPAN_CONTEXT, type Span, context as otelContext, trace } from '@opentelemetry/api';
import type { AgentOperation, ChatOperation } from './types.js';

export class NoopOperation implements AgentOperation, ChatOperation {
  readonly merged = false;
  readonly name = '';
  readonly ended = true;
  readonly span: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
  readonly context: Context;
  constructor(parent: Context | undefined) {
    this.context = parent ?? otelContext.active();
  }
  run<T>(fn: () => T): T {
    return otelContext.with(this.context, fn);
  }
  end(): void {}
  fail(): void {}
  cancel(): void {}
  setAttributes(): void {}
  recordChunk(): void {}
  setRequestModel(): void {}
}
