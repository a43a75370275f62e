// What the hostile-input suites check once a run's requests are over, in one place.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

export interface RunState {
  openSpans: { waitUntilAllEnded(timeoutMs: number): Promise<string[]> };
  spans(): readonly ReadableSpan[];
  budget: { readonly trackedKeys: { inFlight: number } };
  store: { readonly size: number };
  maxKeys: number;
}

/** Ids are cut to this many characters; any other string attribute to the content limit. */
const ID_KEYS = new Set(['user.id', 'gen_ai.conversation.id']);
const MAX_ID = 256;
const MAX_CONTENT = 16_384;

/**
 * What is wrong after a run (empty when nothing is): a span left open, a request the budget
 * still holds, a store over its bound, an attribute over its bound.
 */
export async function problemsAfterRun(state: RunState, settleMs = 3000): Promise<string[]> {
  const problems: string[] = [];
  const open = await state.openSpans.waitUntilAllEnded(settleMs);
  if (open.length > 0) problems.push(`spans left open: ${open.join(', ')}`);
  const deadline = Date.now() + settleMs;
  while (state.budget.trackedKeys.inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  if (state.budget.trackedKeys.inFlight > 0) problems.push(`the budget still holds ${state.budget.trackedKeys.inFlight} keys`);
  if (state.store.size > state.maxKeys) problems.push(`the store holds ${state.store.size} keys (most ${state.maxKeys})`);
  for (const span of state.spans()) {
    for (const [key, value] of Object.entries(span.attributes)) {
      const bound = ID_KEYS.has(key) ? MAX_ID : MAX_CONTENT;
      if (typeof value === 'string' && value.length > bound) problems.push(`${span.name}: ${key} has ${value.length} characters`);
    }
  }
  return problems;
}
