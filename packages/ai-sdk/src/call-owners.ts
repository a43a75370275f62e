// Which integration instance traces an AI SDK call. The SDK calls every registered
// integration: when ours is registered twice (two instances, or two copies of this
// package), only the first to see a call traces it, so no span is made twice.
// Shared through globalThis so that duplicated module copies agree.

const KEY = Symbol.for('agentspan.ai-sdk.call-owners');
// Entries are removed when their run ends or expires; the cap is a last resort.
const MAX_ENTRIES = 100_000;

type Owners = Map<string, object>;

function owners(): Owners {
  const g = globalThis as { [KEY]?: Owners };
  g[KEY] ??= new Map();
  return g[KEY];
}

/** Claims `callId` for `owner`; false when another instance already traces it. */
export function claimCall(callId: string, owner: object): boolean {
  const map = owners();
  const current = map.get(callId);
  if (current !== undefined) return current === owner;
  if (map.size >= MAX_ENTRIES) {
    const oldest = map.keys().next();
    if (!oldest.done) map.delete(oldest.value);
  }
  map.set(callId, owner);
  return true;
}

export function releaseCall(callId: string, owner: object): void {
  const map = owners();
  if (map.get(callId) === owner) map.delete(callId);
}
