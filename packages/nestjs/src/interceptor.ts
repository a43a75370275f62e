// The global interceptor: runs the handler — and the Observable it returns, SSE streams
// included — inside the request's trace context, and records the handler's errors on the
// server span. The span ends with the response, so a stream keeps it open; when the
// client leaves first, the stream is unsubscribed as the request's trace ends, before
// instrumentation-http ends its span, so that the cancelled turn still rolls up into it.
import type { HttpRequestTrace } from '@agentspan/core';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { context, diag } from '@opentelemetry/api';
import { Observable, type Observer, type Subscriber } from 'rxjs';
import { AGENTSPAN_MODULE_OPTIONS } from './tokens.js';
import type { AgentspanModuleOptions } from './options.js';
import { traceExecution } from './request-trace.js';

/** Passes everything on; records an error on the server span first. One object per request, no closures. */
class ErrorRecorder implements Observer<unknown> {
  constructor(
    private readonly subscriber: Subscriber<unknown>,
    private readonly trace: HttpRequestTrace,
  ) {}
  next(value: unknown): void {
    this.subscriber.next(value);
  }
  error(error: unknown): void {
    try {
      this.trace.recordError(error);
    } catch (e) {
      diag.error('agentspan: nest interceptor could not record an error', e); // the error goes on regardless
    }
    this.subscriber.error(error);
  }
  complete(): void {
    this.subscriber.complete();
  }
}

@Injectable()
export class AgentspanInterceptor implements NestInterceptor {
  constructor(@Inject(AGENTSPAN_MODULE_OPTIONS) private readonly options: AgentspanModuleOptions) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    let traced: ReturnType<typeof traceExecution>;
    try {
      traced = traceExecution(ctx, this.options);
    } catch (error) {
      diag.error('agentspan: nest interceptor failed; the request runs untraced', error);
      traced = undefined;
    }
    if (!traced) return next.handle();
    const { trace, exchange } = traced;
    const response = exchange.response;
    // next.handle() binds the async context when called: the handler and its stream run in ours.
    const source = context.with(trace.context, () => next.handle());
    return new Observable<unknown>((subscriber) => {
      const subscription = source.subscribe(new ErrorRecorder(subscriber, trace));
      // The response's end ends the trace (not a listener per subscription): a client that
      // left first stops the stream there, before the request's rollup closes.
      if (!subscription.closed) {
        trace.beforeEnd(() => {
          if (!response.writableFinished) subscription.unsubscribe();
        });
      }
      return subscription;
    });
  }
}
