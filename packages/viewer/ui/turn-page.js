// A turn's page: a header with the turn's totals, the waterfall of its spans and the panel of
// the selected span (kept in `?span=` so a link or reload shows the same one). Polls while
// spans of the turn may still be arriving.
import { ApiError, fetchTurn } from './api.js';
import { field, h, replaceChildren } from './dom.js';
import { formatCost, formatDuration, formatInt, formatTime } from './format.js';
import { replaceQuery } from './router.js';
import { renderSpanDetails } from './span-details.js';
import { flattenSpanTree, timeWindow } from './span-tree.js';
import { statusText } from './turn-table.js';
import { createWaterfall } from './waterfall.js';

const POLL_MS = 3000;
/** Stop polling once the turn has not changed for this many polls (30 s). */
const STABLE_POLLS = 10;
export const LIST_URL_KEY = 'agentspan-viewer-list-url';

function header(turn, range) {
  const name = turn.agentName ?? turn.rootName;
  const status = statusText(turn);
  return h(
    'header',
    { class: 'turn-header-block', 'data-testid': 'turn-header' },
    h('h1', { 'data-testid': 'turn-title' }, h('span', { 'data-testid': 'turn-agent' }, name), h('span', { class: `badge ${status === 'ok' ? 'badge-ok' : 'badge-error'}`, 'data-testid': 'turn-status' }, status)),
    h('p', { class: 'muted ids' }, `trace ${turn.traceId}`),
    h(
      'dl',
      { class: 'fields turn-fields' },
      field('Conversation', turn.conversationId ?? '—', 'turn-conversation'),
      field('User', turn.userId ?? '—', 'turn-user'),
      wide(field('Started', formatTime(turn.startTimeMs), 'turn-start')),
      field('Duration', formatDuration(range.duration || turn.durationMs), 'turn-duration'),
      field('Input tokens', formatInt(turn.inputTokens), 'turn-input-tokens'),
      field('Cached input', formatInt(turn.cachedInputTokens), 'turn-cached-tokens'),
      field('Output tokens', formatInt(turn.outputTokens), 'turn-output-tokens'),
      field('Reasoning', formatInt(turn.reasoningTokens), 'turn-reasoning-tokens'),
      field('Cost', formatCost(turn.costUsd), 'turn-cost'),
      field('Models', turn.models.length ? turn.models.join(', ') : '—', 'turn-models'),
      field('Spans', formatInt(turn.spanCount), 'turn-span-count'),
      turn.errorType ? wide(field('Error', [turn.errorType, turn.errorCategory].filter(Boolean).join(' · '), 'turn-error')) : null,
    ),
  );
}

/** A field given two grid columns (a date and time fits on one line). */
function wide(element) {
  element.classList.add('field-wide');
  return element;
}

/** Spans' ids, ends and statuses: changes when a late span arrives or one ends. */
function signature(detail) {
  return detail.spans.map((s) => `${s.spanId}:${s.endTimeMs}:${s.status?.code}`).join('|');
}

export function mountTurnPage(main, traceId) {
  document.title = 'Turn · agentspan viewer';
  const controller = new AbortController();
  const backHref = sessionStorage.getItem(LIST_URL_KEY) || '/';
  const back = h('a', { class: 'back-link', href: backHref, 'data-link': true, 'data-testid': 'back-link' }, '← All turns');
  const body = h('div', { class: 'turn-body' }, h('p', { class: 'muted' }, 'Loading…'));
  const page = h('section', { class: 'turn-page', 'data-testid': 'turn-page', 'aria-busy': 'true' }, back, body);
  replaceChildren(main, page);
  let lastSignature = '';
  let stablePolls = 0;
  let timer = 0;

  function render(detail) {
    const { turn, spans } = detail;
    const range = timeWindow(spans);
    const rows = flattenSpanTree(spans);
    const panel = h('div', { class: 'detail-panel', 'aria-live': 'polite' });
    const showSpan = (spanId) => {
      const span = spans.find((s) => s.spanId === spanId);
      if (!span) return;
      replaceChildren(panel, renderSpanDetails(span, range.start));
      const query = new URLSearchParams(location.search);
      query.set('span', spanId);
      replaceQuery(query);
    };
    const waterfall = createWaterfall(rows, range, showSpan);
    const wanted = new URLSearchParams(location.search).get('span') ?? turn.rootSpanId;
    const initial = rows.some((r) => r.span.spanId === wanted) ? wanted : rows[0]?.span.spanId;
    if (initial) {
      waterfall.selectById(initial);
      replaceChildren(panel, renderSpanDetails(spans.find((s) => s.spanId === initial), range.start));
    }
    document.title = `${turn.agentName ?? turn.rootName} · agentspan viewer`;
    replaceChildren(
      body,
      header(turn, range),
      h('div', { class: 'turn-layout' }, h('section', { class: 'waterfall-panel', 'aria-label': 'Span tree' }, waterfall.element), panel),
    );
    page.setAttribute('aria-busy', 'false');
    page.dataset.state = 'ready';
  }

  async function load() {
    try {
      const detail = await fetchTurn(traceId, controller.signal);
      const next = signature(detail);
      stablePolls = next === lastSignature ? stablePolls + 1 : 0;
      if (next !== lastSignature) {
        // Keep the user's focus and scroll when a refresh re-renders the same turn.
        const focusedSpan = document.activeElement?.closest?.('.span-row')?.dataset.spanId;
        const scroll = window.scrollY;
        lastSignature = next;
        render(detail);
        if (focusedSpan) body.querySelector(`.span-row[data-span-id="${CSS.escape(focusedSpan)}"]`)?.focus();
        window.scrollTo(0, scroll);
      }
      // A turn still receiving spans (batching exporters) may change: look again a little later.
      if (stablePolls < STABLE_POLLS) timer = setTimeout(load, POLL_MS);
    } catch (error) {
      if (error?.name === 'AbortError') return;
      page.setAttribute('aria-busy', 'false');
      const notFound = error instanceof ApiError && error.status === 404;
      replaceChildren(
        body,
        h(
          'div',
          { class: notFound ? 'empty' : 'error-banner', role: 'alert', 'data-testid': 'turn-error-message' },
          notFound ? `No turn with trace id ${traceId} (it may have been removed by retention).` : `Could not load the turn: ${error.message}`,
        ),
      );
      if (!notFound) timer = setTimeout(load, POLL_MS);
    }
  }
  load();

  return () => {
    controller.abort();
    clearTimeout(timer);
  };
}
