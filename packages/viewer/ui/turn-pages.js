// The turns of the list, fetched from the server a page at a time: only the pages the
// viewport needs are asked for, so 10,000 turns cost one small request to show, and polling
// with the UI open costs the server little while it ingests.
import { fetchTurns } from './api.js';

export const PAGE_SIZE = 200;

const pagesOf = (first, last) => {
  const pages = [];
  for (let page = Math.floor(first / PAGE_SIZE); page <= Math.floor(Math.max(first, last) / PAGE_SIZE); page++) pages.push(page);
  return pages;
};

/**
 * @param {() => void} onPage  called when a page fetched on demand (scrolling) has arrived
 */
export function createTurnPages(onPage) {
  let params = {};
  let pages = new Map(); // page index → Turn[]
  let total = 0;
  let capped = false;
  let controller = new AbortController();
  const pending = new Set();

  function fetchPage(page, signal, query = params) {
    return fetchTurns({ ...query, limit: PAGE_SIZE, offset: page * PAGE_SIZE }, signal);
  }

  return {
    get total() {
      return total;
    },
    /** The search matched more turns than the server looks at (the newest 50,000). */
    get capped() {
      return capped;
    },
    /** The turn at `index`, or undefined while its page is not loaded. */
    get(index) {
      return pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
    },
    /** Index of the turn with this trace id among the loaded pages, or -1. */
    indexOf(traceId) {
      for (const [page, turns] of pages) {
        const at = turns.findIndex((turn) => turn.traceId === traceId);
        if (at >= 0) return page * PAGE_SIZE + at;
      }
      return -1;
    },
    /**
     * Fetches afresh the pages covering rows first..last with these API parameters and
     * replaces everything loaded before (offsets move as new turns arrive). Rejects on error.
     */
    async reload(nextParams, first, last) {
      controller.abort();
      controller = new AbortController();
      pending.clear();
      const { signal } = controller;
      const wanted = pagesOf(first, last);
      const results = await Promise.all(wanted.map((page) => fetchPage(page, signal, nextParams)));
      if (signal.aborted) throw new DOMException('superseded', 'AbortError');
      params = nextParams;
      pages = new Map(wanted.map((page, i) => [page, results[i].turns]));
      total = results[0]?.total ?? 0;
      capped = results[0]?.searchCapped === true;
    },
    /** Fetches the missing pages of rows first..last; onPage() runs as each arrives. */
    ensure(first, last) {
      if (total === 0) return;
      const { signal } = controller;
      for (const page of pagesOf(first, Math.min(last, total - 1))) {
        if (pages.has(page) || pending.has(page)) continue;
        pending.add(page);
        fetchPage(page, signal)
          .then((result) => {
            if (signal.aborted) return;
            pages.set(page, result.turns);
            onPage();
          })
          .catch(() => {
            // Aborted by a reload, or a failed request: the next poll reloads what is visible.
          })
          .finally(() => pending.delete(page));
      }
    },
  };
}
