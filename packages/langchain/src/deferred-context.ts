// An OpenTelemetry context whose contents are decided after it becomes active.
// A framework that announces a run (callbacks) only after the caller has entered the
// code that runs it can still make that run's span the parent of everything the run
// does: the wrapper activates a deferred context, the callback fills it, and every
// lookup made from then on (provider HTTP spans, nested calls) sees the run's span.
import type { Context } from '@opentelemetry/api';

/** A slot that a later callback fills with the context the work should run in. */
export interface ContextSlot<K extends string = string> {
  readonly kind: K;
  /** Set once, by the first run of `kind` that starts while the slot is active. */
  filled: Context | undefined;
  claimed: boolean;
}

export class DeferredContext<K extends string = string> implements Context {
  constructor(
    private readonly base: Context,
    readonly slot: ContextSlot<K>,
    private readonly slotKey: symbol,
  ) {}

  private get current(): Context {
    return this.slot.filled ?? this.base;
  }

  /**
   * The concrete context this one stands for now. Derive new contexts from this, never
   * from the deferred context itself: a context derived from it and then used to fill it
   * would contain itself (a cycle that makes every lookup of an absent key recurse).
   */
  settled(): Context {
    return this.current;
  }

  getValue(key: symbol): unknown {
    if (key === this.slotKey) return this.slot;
    return this.current.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.current.setValue(key, value);
  }

  deleteValue(key: symbol): Context {
    return this.current.deleteValue(key);
  }
}

/** The concrete context behind `ctx` (itself unless it is a deferred context). */
export function settle(ctx: Context): Context {
  return ctx instanceof DeferredContext ? ctx.settled() : ctx;
}
