// W3C Trace Context and Baggage in a request's `_meta`, used only when the application
// registered no propagator (the API's no-op one): an MCP call must not silently break the
// trace because the SDK set-up left propagation out. With a registered propagator (NodeSDK
// registers W3C trace context and baggage) that one is used, as the conventions ask.
import {
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  TraceFlags,
  createTraceState,
  isSpanContextValid,
  propagation,
  trace,
} from '@opentelemetry/api';

const TRACEPARENT = 'traceparent';
const TRACESTATE = 'tracestate';
const BAGGAGE = 'baggage';
const TRACEPARENT_RE = /^([\da-f]{2})-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})(-.*)?$/;
/** W3C Baggage limits. */
const MAX_BAGGAGE_LENGTH = 8192;
const MAX_BAGGAGE_ENTRIES = 180;

function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.trim());
  } catch {
    return undefined;
  }
}

function parseBaggage(header: string): Record<string, { value: string }> {
  const entries: Record<string, { value: string }> = {};
  let count = 0;
  for (const item of header.split(',')) {
    if (++count > MAX_BAGGAGE_ENTRIES) break;
    const pair = item.split(';')[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const key = decode(pair.slice(0, eq));
    const value = decode(pair.slice(eq + 1));
    if (key && value !== undefined) entries[key] = { value };
  }
  return entries;
}

export class W3CFallbackPropagator implements TextMapPropagator {
  inject(ctx: Context, carrier: unknown, setter: TextMapSetter): void {
    const span = trace.getSpanContext(ctx);
    if (span && isSpanContextValid(span)) {
      setter.set(carrier, TRACEPARENT, `00-${span.traceId}-${span.spanId}-${hex2(span.traceFlags ?? TraceFlags.NONE)}`);
      const state = span.traceState?.serialize();
      if (state) setter.set(carrier, TRACESTATE, state);
    }
    const baggage = propagation.getBaggage(ctx);
    if (!baggage) return;
    const parts: string[] = [];
    let length = 0;
    for (const [key, entry] of baggage.getAllEntries()) {
      const part = `${encodeURIComponent(key)}=${encodeURIComponent(entry.value)}`;
      if (parts.length >= MAX_BAGGAGE_ENTRIES || length + part.length + 1 > MAX_BAGGAGE_LENGTH) break;
      parts.push(part);
      length += part.length + 1;
    }
    if (parts.length > 0) setter.set(carrier, BAGGAGE, parts.join(','));
  }

  extract(ctx: Context, carrier: unknown, getter: TextMapGetter): Context {
    let out = ctx;
    const parent = getter.get(carrier, TRACEPARENT);
    const match = typeof parent === 'string' ? TRACEPARENT_RE.exec(parent.trim()) : null;
    if (match && match[1] !== 'ff' && (match[1] !== '00' || match[5] === undefined)) {
      const state = getter.get(carrier, TRACESTATE);
      const spanContext = {
        traceId: match[2]!,
        spanId: match[3]!,
        traceFlags: Number.parseInt(match[4]!, 16) & TraceFlags.SAMPLED,
        isRemote: true,
        ...(typeof state === 'string' && state ? { traceState: createTraceState(state) } : {}),
      };
      if (isSpanContextValid(spanContext)) out = trace.setSpanContext(out, spanContext);
    }
    const header = getter.get(carrier, BAGGAGE);
    if (typeof header === 'string' && header.length > 0 && header.length <= MAX_BAGGAGE_LENGTH) {
      const entries = parseBaggage(header);
      if (Object.keys(entries).length > 0) out = propagation.setBaggage(out, propagation.createBaggage(entries));
    }
    return out;
  }

  fields(): string[] {
    return [TRACEPARENT, TRACESTATE, BAGGAGE];
  }
}

const FALLBACK = new W3CFallbackPropagator();

/** The global propagator, or W3C trace context and baggage when none is registered. */
export function activePropagator(): TextMapPropagator {
  return propagation.fields().length > 0 ? propagation : FALLBACK;
}
