// The global propagator from OTEL_PROPAGATORS (default: W3C trace context and baggage).
import type { TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { env } from './env.js';
import { findInstalled, type ModuleFormat } from './installed.js';
import { warn } from './warn.js';

const B3 = '@opentelemetry/propagator-b3';

function b3(multi: boolean, format: ModuleFormat): TextMapPropagator {
  const installed = findInstalled(B3, format);
  if (!installed) throw new Error(`OTEL_PROPAGATORS=${multi ? 'b3multi' : 'b3'} needs ${B3}: npm install ${B3}`);
  const m = installed.load() as {
    B3Propagator: new (config?: { injectEncoding?: unknown }) => TextMapPropagator;
    B3InjectEncoding: { MULTI_HEADER: unknown };
  };
  return new m.B3Propagator(multi ? { injectEncoding: m.B3InjectEncoding.MULTI_HEADER } : undefined);
}

/** The propagator, or undefined for `none`. */
export function propagatorFromEnv(format: ModuleFormat): TextMapPropagator | undefined {
  const names = [...new Set(env.list('OTEL_PROPAGATORS') ?? [])];
  if (names.length === 0) names.push('tracecontext', 'baggage');
  if (names.includes('none')) return undefined;
  const propagators: TextMapPropagator[] = [];
  for (const name of names) {
    if (name === 'tracecontext') propagators.push(new W3CTraceContextPropagator());
    else if (name === 'baggage') propagators.push(new W3CBaggagePropagator());
    else if (name === 'b3' || name === 'b3multi') propagators.push(b3(name === 'b3multi', format));
    else warn(`OTEL_PROPAGATORS: "${name}" is not supported (tracecontext, baggage, b3, b3multi, none); ignored`);
  }
  if (propagators.length === 0) return undefined;
  return propagators.length === 1 ? propagators[0] : new CompositePropagator({ propagators });
}
