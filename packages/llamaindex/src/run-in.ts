// Runs a function inside a context; when that context is active already (a merged agent
// run inside the application's agent span, a handler in its run's context), it runs
// directly: an AsyncLocalStorage switch into the same context changes nothing and costs.
import { type Context, context as otelContext } from '@opentelemetry/api';

export function runIn<T>(ctx: Context, fn: () => T): T {
  return otelContext.active() === ctx ? fn() : otelContext.with(ctx, fn);
}
