// A turn's page: a header with the turn's totals (and links to its conversation and to a
// comparison), the waterfall of its spans and the panel of the selected span (kept in `?span=`
// so a link or reload shows the same one). With `?q=` the spans holding the search's hits are
// marked and the hits highlighted. Polls while spans of the turn may still be arriving. Any
// stored value renders: a span whose details cannot be shown says so in the panel.
import { ApiError, fetchTurn } from './api.js';
import { comparePath } from './compare-picks.js';
import { field, h, replaceChildren } from './dom.js';
import { promptsText, renderEvaluations } from './evaluations.js';
import { costNote, formatDuration, formatInt, formatKnownCost, formatTime } from './format.js';
import { highlight, searchMatcher, spanHasHit } from './highlight.js';
import { conversationPath, replaceQuery } from './router.js';
import { renderSpanDetails } from './span-details.js';
import { flattenSpanTree, timeWindow } from './span-tree.js';
import { toText } from './text.js';
import { serviceText, statusText } from './turn-table.js';
import { createWaterfall } from './waterfall.js';

const POLL_MS = 3000;
/** Stop polling once the turn has not changed for this many polls (30 s). */
const STABLE_POLLS = 10;
export const LIST_URL_KEY = 'agentspan-viewer-list-url';

/** A field given two grid columns (a date and time fits on one line). */
function wide(element) {
  element.classList.add('field-wide');
  return element;
}

function header(turn, range, prompts) {
  const name = turn.agentName ?? turn.rootName;
  const status = statusText(turn);
  const links = [
    turn.conversationId
      ? h('a', { href: conversationPath(turn.conversationId), 'data-link': true, 'data-testid': 'conversation-link' }, 'Read the whole conversation →')
      : null,
    h('a', { href: comparePath(turn.traceId), 'data-link': true, 'data-testid': 'compare-link' }, 'Compare with another turn →'),
  ];
  return h(
    'header',
    { class: 'turn-header-block', 'data-testid': 'turn-header' },
    h(
      'h1',
      { 'data-testid': 'turn-title' },
      h('span', { 'data-testid': 'turn-agent' }, name),
      h('span', { class: `badge ${status === 'ok' ? 'badge-ok' : 'badge-error'}`, 'data-testid': 'turn-status' }, status),
    ),
    h('p', { class: 'muted ids' }, `trace ${turn.traceId}`),
    h('p', { class: 'turn-links' }, links),
    h(
      'dl',
      { class: 'fields turn-fields' },
      field('Conversation', turn.conversationId ?? '—', 'turn-conversation'),
      field('User', turn.userId ?? '—', 'turn-user'),
      field('Service', serviceText(turn), 'turn-service'),
      wide(field('Started', formatTime(turn.startTimeMs), 'turn-start')),
      field('Duration', formatDuration(range.duration || turn.durationMs), 'turn-duration'),
      field('Time to first token', formatDuration(turn.ttftMs), 'turn-ttft'),
      field('Input tokens', formatInt(turn.inputTokens), 'turn-input-tokens'),
      field('Cached input', formatInt(turn.cachedInputTokens), 'turn-cached-tokens'),
      field('Output tokens', formatInt(turn.outputTokens), 'turn-output-tokens'),
      field('Reasoning', formatInt(turn.reasoningTokens), 'turn-reasoning-tokens'),
      field(
        'Cost',
        h('span', { title: costNote(turn.costUsd, turn.unpricedCalls) || undefined }, formatKnownCost(turn.costUsd, turn.unpricedCalls)),
        'turn-cost',
      ),
      field('Models', turn.models.length ? turn.models.join(', ') : '—', 'turn-models'),
      prompts?.length ? field('Prompt', promptsText(prompts), 'turn-prompts') : null,
      field('Spans', formatInt(turn.spanCount), 'turn-span-count'),
      turn.errorType || turn.errorCategory
        ? wide(field('Error', [turn.errorType, turn.errorCategory].filter(Boolean).join(' · '), 'turn-error'))
        : null,
    ),
  );
}

/** The selected span's panel content; a value that cannot be shown is reported there, not thrown. */
function spanPanel(span, turnStart, matcher, evaluations) {
  let content;
  try {
    content = renderSpanDetails(span, turnStart, evaluations);
  } catch (error) {
    content = h(
      'article',
      { class: 'span-details', 'data-testid': 'span-details', 'data-span-id': span.spanId },
      h('h2', { 'data-testid': 'span-details-name' }, span.name),
      h('p', { class: 'error-banner', role: 'alert', 'data-testid': 'span-render-error' }, `Some values of this span could not be shown: ${toText(error?.message)}`),
      h('pre', { class: 'json' }, toText(span.attributes)),
    );
  }
  highlight(content, matcher);
  return content;
}

/** Spans' ids, ends and statuses, and the evaluations: changes when a late span or a score arrives. */
function signature(detail) {
  return `${detail.spans.map((s) => `${s.spanId}:${s.endTimeMs}:${s.status?.code}`).join('|')}#${detail.evaluations?.length ?? 0}`;
}

export function mountTurnPage(main, traceId) {
  document.title = 'Turn · agentspan viewer';
  const controller = new AbortController();
  const backHref = sessionStorage.getItem(LIST_URL_KEY) || '/';
  const search = new URLSearchParams(location.search).get('q') ?? '';
  const matcher = searchMatcher(search);
  const back = h('a', { class: 'back-link', href: backHref, 'data-link': true, 'data-testid': 'back-link' }, '← All turns');
  const body = h('div', { class: 'turn-body' }, h('p', { class: 'muted' }, 'Loading…'));
  const page = h('section', { class: 'turn-page', 'data-testid': 'turn-page', 'aria-busy': 'true' }, back, body);
  replaceChildren(main, page);
  let lastSignature = '';
  let stablePolls = 0;
  let timer = 0;

  function searchNote(hits) {
    if (!matcher) return null;
    const quoted = search.startsWith('"') ? search : `“${search}”`;
    const clear = new URLSearchParams(location.search);
    clear.delete('q');
    return h(
      'p',
      { class: 'search-note', 'data-testid': 'search-note' },
      hits === 0 ? `No span name or value of this turn contains ${quoted}.` : `${hits} span${hits === 1 ? '' : 's'} contain ${quoted} (marked ●).`,
      ' ',
      h('a', { href: `${location.pathname}${clear.size ? `?${clear}` : ''}`, 'data-link': true }, 'Clear'),
    );
  }

  function render(detail) {
    const { turn, spans } = detail;
    const evaluations = detail.evaluations ?? [];
    const ofSpan = (span) => evaluations.filter((e) => e.spanId === span.spanId);
    const range = timeWindow(spans);
    const rows = flattenSpanTree(spans);
    const hits = new Set(matcher ? spans.filter((s) => spanHasHit(s, matcher)).map((s) => s.spanId) : []);
    const panel = h('div', { class: 'detail-panel', 'aria-live': 'polite' });
    const showSpan = (spanId) => {
      const span = spans.find((s) => s.spanId === spanId);
      if (!span) return;
      replaceChildren(panel, spanPanel(span, range.start, matcher, ofSpan(span)));
      const query = new URLSearchParams(location.search);
      query.set('span', spanId);
      replaceQuery(query);
    };
    const waterfall = createWaterfall(rows, range, showSpan, hits);
    const wanted = new URLSearchParams(location.search).get('span') ?? rows.find((r) => hits.has(r.span.spanId))?.span.spanId ?? turn.rootSpanId;
    const initial = rows.some((r) => r.span.spanId === wanted) ? wanted : rows[0]?.span.spanId;
    if (initial) {
      waterfall.selectById(initial);
      const span = spans.find((s) => s.spanId === initial);
      replaceChildren(panel, spanPanel(span, range.start, matcher, ofSpan(span)));
    }
    highlight(waterfall.element, matcher);
    document.title = `${toText(turn.agentName ?? turn.rootName)} · agentspan viewer`;
    replaceChildren(
      body,
      header(turn, range, detail.prompts),
      renderEvaluations(evaluations, { title: 'Scores and feedback', testId: 'turn-evaluations' }),
      searchNote(hits.size),
      detail.truncated
        ? h('p', { class: 'error-banner', 'data-testid': 'truncated' }, `This trace has ${formatInt(turn.spanCount)} spans: the first ${formatInt(spans.length)} by start time are shown.`)
        : null,
      h('div', { class: 'turn-layout' }, h('section', { class: 'waterfall-panel', 'aria-label': 'Span tree' }, waterfall.element), panel),
    );
    page.setAttribute('aria-busy', 'false');
    page.dataset.state = 'ready';
  }

  function showFailure(message, notFound) {
    page.setAttribute('aria-busy', 'false');
    replaceChildren(
      body,
      h('div', { class: notFound ? 'empty' : 'error-banner', role: 'alert', 'data-testid': 'turn-error-message' }, message),
    );
  }

  async function load() {
    let detail;
    try {
      detail = await fetchTurn(traceId, controller.signal);
    } catch (error) {
      if (error?.name === 'AbortError') return;
      const notFound = error instanceof ApiError && error.status === 404;
      showFailure(
        notFound ? `No turn with trace id ${traceId} (it may have been removed by retention).` : `Could not load the turn: ${toText(error?.message)}`,
        notFound,
      );
      // The viewer may come back: try again (a missing turn will not).
      if (!notFound) timer = setTimeout(load, POLL_MS);
      return;
    }
    const next = signature(detail);
    stablePolls = next === lastSignature ? stablePolls + 1 : 0;
    if (next !== lastSignature) {
      // Keep the user's focus and scroll when a refresh re-renders the same turn.
      const focusedSpan = document.activeElement?.closest?.('.span-row')?.dataset.spanId;
      const scroll = window.scrollY;
      lastSignature = next;
      try {
        render(detail);
      } catch (error) {
        // A rendering failure is not a network failure: say so once, do not poll for it.
        showFailure(`This turn could not be shown: ${toText(error?.message)}`, false);
        return;
      }
      if (focusedSpan) body.querySelector(`.span-row[data-span-id="${CSS.escape(focusedSpan)}"]`)?.focus();
      window.scrollTo(0, scroll);
    }
    // A turn still receiving spans (batching exporters) may change: look again a little later.
    if (stablePolls < STABLE_POLLS) timer = setTimeout(load, POLL_MS);
  }
  load();

  return () => {
    controller.abort();
    clearTimeout(timer);
  };
}
