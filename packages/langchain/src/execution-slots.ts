// Slots that let a run's span be active while the framework executes the run: the
// patched execution methods open a slot, our handler (awaited, so it runs before the
// body) fills it with the run's context. See deferred-context.ts.
import { type Context, context, createContextKey } from '@opentelemetry/api';
import { type ContextSlot, DeferredContext, settle } from './deferred-context.js';

/** The framework calls whose execution we wrap. */
export type SlotKind = 'llm' | 'tool' | 'retriever' | 'graph' | 'lambda';

const SLOT_KEY = createContextKey('agentspan.langchain.slot');

/** A slot, and the caller's abort signal of the call that opened it (if any). */
interface ExecutionSlot extends ContextSlot<SlotKind> {
  signal: AbortSignal | undefined;
  /** Graph slots: the graph being run (what kind of invocation it is, see graph-role.ts). */
  owner: object | undefined;
}

// How many slots of each kind were opened and not claimed yet. While a kind has none (the
// usual case: our handler claims every slot it is given), a run of that kind needs no
// look-up in the active context. A slot whose run never reaches our handler keeps its
// kind counted, which only turns the look-up back on.
const unclaimed: Record<SlotKind, number> = { llm: 0, tool: 0, retriever: 0, graph: 0, lambda: 0 };

function openSlot(kind: SlotKind, signal?: AbortSignal, owner?: object): DeferredContext<SlotKind> {
  const slot: ExecutionSlot = { kind, filled: undefined, claimed: false, signal, owner };
  unclaimed[kind]++;
  return new DeferredContext(settle(context.active()), slot, SLOT_KEY);
}

/** The active context, resolved to a concrete one: what new operations may parent to. */
export function activeContext(): Context {
  return settle(context.active());
}

function activeSlot(ctx: Context): ExecutionSlot | undefined {
  return ctx.getValue(SLOT_KEY) as ExecutionSlot | undefined;
}

/** Runs fn with a fresh slot of `kind` active. */
export function runInSlot<T>(kind: SlotKind, fn: () => T): T {
  return context.with(openSlot(kind), fn);
}

/** Wraps a lazily-run async iterator so that every step runs with one slot active. */
export function iterateInSlot<T>(kind: SlotKind, start: () => AsyncIterator<T>, signal?: AbortSignal, owner?: object): AsyncGenerator<T> {
  const ctx = openSlot(kind, signal, owner);
  const inner = context.with(ctx, start);
  const step = (fn: () => Promise<IteratorResult<T>>) => context.with(ctx, fn);
  const wrapped: AsyncGenerator<T> = {
    next: (...args: [] | [unknown]) => step(() => inner.next(...args)),
    return: (value?: unknown) =>
      step(() => (inner.return ? inner.return(value) : Promise.resolve({ done: true, value: value as T }))),
    throw: (error?: unknown) => step(() => (inner.throw ? inner.throw(error) : Promise.reject(error))),
    [Symbol.asyncIterator]() {
      return wrapped;
    },
  };
  return wrapped;
}

/** A slot still waiting for its run. */
export type OpenSlot = ExecutionSlot;

/** The active context's unclaimed slot of `kind`, if any: the run starting now owns it. */
export function openSlotOf(kind: SlotKind, ctx?: Context): OpenSlot | undefined {
  if (unclaimed[kind] === 0) return undefined;
  const slot = activeSlot(ctx ?? context.active());
  return slot !== undefined && slot.kind === kind && !slot.claimed ? slot : undefined;
}

/** Fills an open slot with the context the run's body should see. */
export function fillSlot(slot: OpenSlot, filled: Context): void {
  if (!slot.claimed) unclaimed[slot.kind as SlotKind]--;
  slot.claimed = true;
  slot.filled = settle(filled);
}
