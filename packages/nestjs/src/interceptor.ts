// The global interceptor: runs the handler — and the Observable it returns, SSE streams
// included — inside the request's trace context, and records the handler's errors on the
// server span. The span ends with the response, so a stream keeps it open; when the
// client leaves first, the stream is unsubscribed before instrumentation-http ends its
// span, so that the cancelled turn still rolls up into it.
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { onResponseCloseFirst } from '@agentspan/core';
import { context, diag } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import { AGENTSPAN_MODULE_OPTIONS } from './tokens.js';
import type { AgentspanModuleOptions } from './options.js';
import { traceExecution } from './request-trace.js';

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
      const subscription = source.subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => {
          trace.recordError(error);
          subscriber.error(error);
        },
        complete: () => subscriber.complete(),
      });
      const stopListening = onResponseCloseFirst(response, () => {
        if (!response.writableFinished) subscription.unsubscribe();
      });
      return () => {
        stopListening();
        subscription.unsubscribe();
      };
    });
  }
}
