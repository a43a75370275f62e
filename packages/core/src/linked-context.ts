// An operation's context in one allocation: the parent plus the span and agentspan's state,
// instead of two copies of the parent's key map (each OpenTelemetry setValue copies it).
// Lookups of other keys walk to the parent; contexts stay immutable.
import { type Context, INVALID_SPAN_CONTEXT, type Span, trace } from '@opentelemetry/api';

/** The API's span key, read once by handing it a context that records the key it is given. */
export const SPAN_KEY: symbol | undefined = (() => {
  let key: symbol | undefined;
  const probe: Context = {
    getValue: () => undefined,
    setValue(k) {
      key = k;
      return probe;
    },
    deleteValue: () => probe,
  };
  trace.setSpan(probe, trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
  return key;
})();

class LinkedContext implements Context {
  constructor(
    private readonly parent: Context,
    private readonly k1: symbol,
    private readonly v1: unknown,
    private readonly k2?: symbol,
    private readonly v2?: unknown,
  ) {}
  getValue(key: symbol): unknown {
    if (key === this.k1) return this.v1;
    if (key === this.k2) return this.v2;
    return this.parent.getValue(key);
  }
  setValue(key: symbol, value: unknown): Context {
    return new LinkedContext(this, key, value);
  }
  deleteValue(key: symbol): Context {
    return new LinkedContext(this, key, undefined);
  }
}

/** parent + one value, in one object. */
export function linkValue(parent: Context, key: symbol, value: unknown): Context {
  return new LinkedContext(parent, key, value);
}

/** parent + span + one more value, in one object when the span key could be read. */
export function withSpanAndValue(parent: Context, span: Span, key: symbol, value: unknown): Context {
  if (!SPAN_KEY) return trace.setSpan(parent.setValue(key, value), span);
  return new LinkedContext(parent, SPAN_KEY, span, key, value);
}
