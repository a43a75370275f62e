// The list of turns: search, filters, sortable columns, totals for the range, and every
// matching turn, virtualised and fetched a page at a time (the server filters and sorts).
// Polls for new turns without losing the filters, the scroll position (anchored on the first
// row in view) or the focus. Every filter and the sort live in the address.
import { fetchFacets, fetchTotals } from './api.js';
import { comparePath, picks } from './compare-picks.js';
import { h, replaceChildren } from './dom.js';
import { createFilterBar } from './filter-bar.js';
import { filtersToQuery, hasActiveFilters, rangeLabel, rangeWindow, readFilters, turnQuery } from './filters.js';
import { formatInt, formatTime } from './format.js';
import { pushQuery, replaceQuery } from './router.js';
import { createTotals } from './totals.js';
import { LIST_URL_KEY } from './turn-page.js';
import { createTurnPages } from './turn-pages.js';
import { createTurnTable, ROW_HEIGHT } from './turn-table.js';

const POLL_MS = 3000;
/** Totals and facets cost the server more than a page of turns: at most this often while turns arrive… */
const SIDE_MIN_MS = 10_000;
/** …and at least this often (a sliding time range changes them with no new turn). */
const SIDE_MAX_MS = 60_000;
const READY_MARK = 'agentspan:list-ready';
/** Scroll position per query, so coming back from a turn's page lands where the user was. */
const savedScroll = new Map();

function emptyState(filtered) {
  if (filtered) return h('p', { class: 'empty', 'data-testid': 'empty-state' }, 'No turn matches these filters.');
  return h(
    'div',
    { class: 'empty', 'data-testid': 'empty-state' },
    h('p', null, 'No turns yet. Point any OpenTelemetry exporter at this viewer:'),
    h('pre', null, h('code', null, `OTEL_EXPORTER_OTLP_ENDPOINT=${location.origin}`)),
  );
}

const isAbort = (error) => error?.name === 'AbortError';

export function mountListPage(main) {
  document.title = 'Turns · agentspan viewer';
  let filters = readFilters(location.search);
  let generation = 0;
  let inFlight = false;
  let firstRender = true;
  let autoRefresh = true;
  const side = new AbortController(); // facets and totals requests
  let sideKey = '';
  let sideAt = 0;

  const pages = createTurnPages(() => table.refresh());
  const applyQuery = (push) => {
    const query = filtersToQuery(filters);
    if (push) pushQuery(query);
    else replaceQuery(query);
    rememberUrl();
  };
  const table = createTurnTable(
    (index) => pages.get(index),
    (first, last) => pages.ensure(first, last),
    { sort: filters.sort, order: filters.order, search: () => filters.q },
    (sort, order) => {
      filters = { ...filters, sort, order };
      applyQuery(true);
      table.setSort(sort, order);
      refresh({ restart: true });
    },
  );
  const totals = createTotals();
  const count = h('p', { class: 'count', 'data-testid': 'turn-count', 'aria-live': 'polite' }, 'Loading…');
  const updated = h('span', { class: 'muted updated' });
  const error = h('p', { class: 'error-banner', role: 'alert', hidden: true, 'data-testid': 'list-error' });
  const empty = h('div');
  const refreshToggle = h('input', { id: 'auto-refresh', type: 'checkbox', checked: true, 'data-testid': 'auto-refresh' });
  refreshToggle.addEventListener('change', () => {
    autoRefresh = refreshToggle.checked;
    if (autoRefresh) refresh();
  });
  function rememberUrl() {
    sessionStorage.setItem(LIST_URL_KEY, `${location.pathname}${location.search}`);
  }
  rememberUrl();
  const bar = createFilterBar(filters, (next, { push }) => {
    filters = { ...next, sort: filters.sort, order: filters.order };
    applyQuery(push);
    refresh({ restart: true });
  });
  const compareLink = h('a', { class: 'button-link', 'data-link': true, 'data-testid': 'compare-picked' });
  const clearPicks = h('button', { type: 'button', class: 'link-button', onClick: () => picks.clear() }, 'clear');
  const pickStatus = h('span', { class: 'compare-status', 'data-testid': 'compare-status' });
  const showPicks = (ids) => {
    compareLink.hidden = ids.length < 2;
    if (ids.length === 2) compareLink.href = comparePath(ids[0], ids[1]);
    compareLink.textContent = 'Compare the two picked turns';
    clearPicks.hidden = ids.length === 0;
    pickStatus.textContent = ids.length === 1 ? 'One turn picked: pick another to compare' : ids.length === 0 ? 'Tick two turns to compare them' : '';
  };
  showPicks(picks.get());
  const unsubscribe = picks.subscribe(showPicks);

  replaceChildren(
    main,
    h(
      'section',
      { class: 'list-page', 'aria-labelledby': 'list-title' },
      h('div', { class: 'page-head' }, h('h1', { id: 'list-title' }, 'Turns'), count),
      bar.element,
      h(
        'div',
        { class: 'toolbar' },
        h('div', { class: 'filter-check' }, refreshToggle, h('label', { for: 'auto-refresh' }, 'Auto-refresh')),
        updated,
        h('span', { class: 'toolbar-end' }, pickStatus, compareLink, clearPicks),
      ),
      error,
      totals.element,
      empty,
      table.element,
    ),
  );

  function showError(failure) {
    error.textContent = `Could not load the turns: ${failure.message}`;
    error.hidden = false;
  }

  /** Facets and totals when the list changed (rate-limited), the filters changed, or a minute passed. */
  function maybeRefreshSide(now, force) {
    const key = `${filtersToQuery(filters)}|${pages.total}|${pages.get(0)?.traceId ?? ''}`;
    const due = force || now - sideAt >= SIDE_MAX_MS || (key !== sideKey && now - sideAt >= SIDE_MIN_MS);
    if (!due) return;
    sideKey = key;
    sideAt = now;
    refreshSide(now);
  }

  /** Facets and totals: not on the list's critical path, each rendered when it arrives. */
  function refreshSide(now) {
    fetchFacets(side.signal).then(bar.setFacets, (e) => isAbort(e) || showError(e));
    const label = rangeLabel(filters, (ms) => formatTime(ms));
    fetchTotals(rangeWindow(filters, now), side.signal).then(
      (sums) => totals.setTotals(sums, label),
      (e) => isAbort(e) || showError(e),
    );
  }

  async function refresh({ restart = false } = {}) {
    if (inFlight && !restart) return;
    const mine = ++generation;
    inFlight = true;
    const now = Date.now();
    // Keep the first row in view where it is when newer turns push it down.
    const anchorIndex = restart ? -1 : table.firstVisibleIndex();
    const anchor = anchorIndex >= 0 ? pages.get(anchorIndex)?.traceId : undefined;
    const [first, last] = restart ? [0, 0] : table.range();
    try {
      await pages.reload(turnQuery(filters, now), first, last);
      if (mine !== generation) return;
      error.hidden = true;
      table.setCount(pages.total);
      if (anchor) {
        const moved = pages.indexOf(anchor);
        if (moved >= 0 && moved !== anchorIndex) window.scrollBy(0, (moved - anchorIndex) * ROW_HEIGHT);
      }
      count.textContent = `${formatInt(pages.total)} turn${pages.total === 1 ? '' : 's'}${pages.capped ? ' (a word matched over 50,000 turns: the newest 50,000 were searched)' : ''}`;
      replaceChildren(empty, pages.total === 0 ? emptyState(hasActiveFilters(filters)) : null);
      updated.textContent = `Updated ${formatTime(now, true)}`;
      if (firstRender) {
        firstRender = false;
        const scroll = savedScroll.get(filtersToQuery(filters).toString());
        if (scroll) window.scrollTo(0, scroll);
        table.element.dataset.state = 'ready';
        // After the frame that shows the rows has been painted: the list is interactive.
        requestAnimationFrame(() =>
          setTimeout(() => {
            if (performance.getEntriesByName(READY_MARK).length === 0) performance.mark(READY_MARK);
          }),
        );
      }
    } catch (failure) {
      if (isAbort(failure) || mine !== generation) return;
      showError(failure);
    } finally {
      if (mine === generation) {
        inFlight = false;
        // After the list: totals over a large range take the server longer than a page of turns.
        maybeRefreshSide(now, restart || sideAt === 0);
      }
    }
  }

  refresh();
  const timer = setInterval(() => {
    if (autoRefresh && !document.hidden) refresh();
  }, POLL_MS);

  return () => {
    savedScroll.set(filtersToQuery(filters).toString(), window.scrollY);
    unsubscribe();
    clearInterval(timer);
    side.abort();
    generation++;
    table.destroy();
  };
}
