// The span tree as a waterfall: one row per span, indented by depth, its bar placed by its
// start and length within the turn; a streamed model call has a mark where its first chunk
// arrived. A tree widget: click, Enter or Space selects a span, arrow keys, Home and End move.
import { h } from './dom.js';
import { formatDuration } from './format.js';
import { spanFamily } from './span-tree.js';

const TTFT = 'gen_ai.response.time_to_first_chunk';

const INDENT_PX = 16;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

function percent(value) {
  return `${Math.max(0, Math.min(100, value * 100)).toFixed(3)}%`;
}

/** Where a bar's duration label goes: after the bar, before it, or inside a bar that fills the track. */
function labelSide(offset, width) {
  if (offset + width <= 0.8) return 'after';
  return offset >= 0.2 ? 'before' : 'inside';
}

function labelPosition(offset, width) {
  const side = labelSide(offset, width);
  if (side === 'after') return { left: `calc(${percent(offset + width)} + 6px)` };
  if (side === 'before') return { right: `calc(${percent(1 - offset)} + 6px)` };
  return { right: `calc(${percent(1 - offset - width)} + 6px)` };
}

/** The first-chunk mark of a streamed call: at start + TTFT on the track, or null. */
function ttftMark(span, turnWindow) {
  const seconds = span.attributes?.[TTFT];
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || turnWindow.duration <= 0) return null;
  const at = (span.startTimeMs + seconds * 1000 - turnWindow.start) / turnWindow.duration;
  const text = `first chunk after ${formatDuration(seconds * 1000)}`;
  return h('span', { class: 'ttft-mark', style: { left: percent(at) }, title: text, 'data-testid': 'ttft-mark', 'aria-label': text });
}

function row({ span, depth, childCount }, turnWindow, hit) {
  const family = spanFamily(span);
  const failed = span.status?.code === 'error';
  const offset = turnWindow.duration > 0 ? (span.startTimeMs - turnWindow.start) / turnWindow.duration : 0;
  const width = turnWindow.duration > 0 ? span.durationMs / turnWindow.duration : 1;
  const label = formatDuration(span.durationMs);
  return h(
    'div',
    {
      class: `span-row family-${family}${failed ? ' failed' : ''}${hit ? ' has-hit' : ''}`,
      role: 'treeitem',
      tabindex: -1,
      'aria-level': depth + 1,
      'aria-selected': 'false',
      'aria-expanded': childCount > 0 ? 'true' : undefined,
      'aria-label': `${span.name}, ${span.kind}, ${label}${failed ? ', error' : ''}${hit ? ', contains the search' : ''}`,
      'data-testid': 'span-row',
      'data-span-id': span.spanId,
    },
    h(
      'div',
      { class: 'span-label', style: { paddingLeft: `${depth * INDENT_PX + 8}px` } },
      h('span', { class: 'span-dot', 'aria-hidden': 'true' }),
      hit ? h('span', { class: 'hit-dot', 'data-testid': 'hit-marker', title: 'Contains the search', 'aria-hidden': 'true' }, '●') : null,
      h('span', { class: 'span-name', 'data-testid': 'span-name', title: span.name }, span.name),
      h('span', { class: 'span-kind' }, span.kind.toUpperCase()),
    ),
    h(
      'div',
      { class: 'span-track' },
      h('span', {
        class: 'span-bar',
        style: { left: percent(offset), width: `max(2px, ${percent(width)})` },
        'aria-hidden': 'true',
      }),
      ttftMark(span, turnWindow),
      h('span', { class: `span-duration ${labelSide(offset, width)}`, style: labelPosition(offset, width) }, label),
    ),
  );
}

/**
 * @param rows    flattenSpanTree() output
 * @param turnWindow  timeWindow() of the turn
 * @param onSelect (spanId) => void
 * @param hits    ids of the spans that contain the search (marked)
 */
export function createWaterfall(rows, turnWindow, onSelect, hits = new Set()) {
  const axis = h(
    'div',
    { class: 'span-row axis', 'aria-hidden': 'true' },
    h('div', { class: 'span-label' }, 'Span'),
    h(
      'div',
      { class: 'span-track' },
      TICKS.map((tick) =>
        h('span', { class: `tick${tick === 1 ? ' last' : ''}`, style: { left: percent(tick) } }, formatDuration(turnWindow.duration * tick)),
      ),
    ),
  );
  const elements = rows.map((r) => row(r, turnWindow, hits.has(r.span.spanId)));
  const tree = h('div', { class: 'waterfall-rows', role: 'tree', 'aria-label': 'Spans of the turn' }, elements);
  const element = h('div', { class: 'waterfall', 'data-testid': 'waterfall' }, axis, tree);
  let selected = -1;

  function select(index, { focus = false, notify = true } = {}) {
    if (index < 0 || index >= elements.length) return;
    if (selected >= 0) {
      elements[selected].setAttribute('aria-selected', 'false');
      elements[selected].tabIndex = -1;
    }
    selected = index;
    const el = elements[index];
    el.setAttribute('aria-selected', 'true');
    el.tabIndex = 0;
    if (focus) el.focus();
    if (notify) onSelect(rows[index].span.spanId);
  }

  tree.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target.closest('.span-row') : null;
    if (target) select(elements.indexOf(target), { focus: true });
  });
  tree.addEventListener('keydown', (event) => {
    const moves = { ArrowDown: selected + 1, ArrowUp: selected - 1, Home: 0, End: elements.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      select(moves[event.key], { focus: true });
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select(selected, { focus: true });
    }
  });

  return {
    element,
    /** Selects the span with this id (no callback); false when it is not in the tree. */
    selectById(spanId) {
      const index = rows.findIndex((r) => r.span.spanId === spanId);
      if (index < 0) return false;
      select(index, { notify: false });
      return true;
    },
  };
}
