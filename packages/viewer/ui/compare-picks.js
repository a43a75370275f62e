// The turns picked for comparison in the list (at most two, the latest kept), remembered for
// the session so that picking survives opening a turn and coming back.
const KEY = 'agentspan-viewer-compare';
const listeners = new Set();

function read() {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((id) => typeof id === 'string' && /^[0-9a-f]{32}$/.test(id)).slice(-2) : [];
  } catch {
    return [];
  }
}

function write(ids) {
  sessionStorage.setItem(KEY, JSON.stringify(ids));
  for (const listener of listeners) listener(ids);
}

export const picks = {
  get: read,
  has: (traceId) => read().includes(traceId),
  /** Picks or unpicks a turn; a third pick drops the oldest. */
  toggle(traceId, on) {
    const ids = read().filter((id) => id !== traceId);
    if (on) ids.push(traceId);
    write(ids.slice(-2));
  },
  clear: () => write([]),
  /** Calls `listener(ids)` on every change; returns the unsubscribe function. */
  subscribe(listener) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function comparePath(a, b) {
  const query = new URLSearchParams();
  if (a) query.set('a', a);
  if (b) query.set('b', b);
  return `/compare?${query}`;
}
