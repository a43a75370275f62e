// The table of turns: a header whose column titles sort (server-side) and a virtualised list
// of rows; each row is a link to the turn's page (click or Enter), arrow keys move between
// rows, and a checkbox picks the turn for comparison.
import { picks } from './compare-picks.js';
import { h, replaceChildren } from './dom.js';
import { costNote, formatDuration, formatInt, formatKnownCost, formatTime } from './format.js';
import { turnPath } from './router.js';
import { escapedText, setText } from './text.js';
import { createVirtualList } from './virtual-list.js';

export const ROW_HEIGHT = 36;
/** [key, label, sort key or null] */
const COLUMNS = [
  ['time', 'Start', 'start'],
  ['agent', 'Agent', null],
  ['service', 'Service', null],
  ['conversation', 'Conversation', null],
  ['user', 'User', null],
  ['duration', 'Duration', 'duration'],
  ['ttft', 'TTFT', 'ttft'],
  ['tokens', 'Tokens in / out', 'tokens'],
  ['cost', 'Cost', 'cost'],
  ['status', 'Status', 'error'],
];
const SORT_NAMES = { start: 'start time', duration: 'duration', ttft: 'time to first token', tokens: 'tokens', cost: 'cost', error: 'failures first' };

/** Status text of a turn: ok, error · rate_limit, … */
export function statusText(turn) {
  if (!turn.hasError && turn.status !== 'error') return 'ok';
  return ['error', turn.errorCategory ?? turn.errorType].filter(Boolean).join(' · ');
}

/** The list's short status: ok, or what failed (rate_limit…): the red badge says "error". */
export function shortStatus(turn) {
  if (!turn.hasError && turn.status !== 'error') return 'ok';
  return turn.errorCategory ?? turn.errorType ?? 'error';
}

/** "service · framework", either alone, or a dash. */
export function serviceText(turn) {
  return [turn.serviceName, turn.framework].filter(Boolean).join(' · ') || '—';
}

function createRow() {
  const cells = {};
  const link = h(
    'a',
    { class: 'turn-row', 'data-link': true, 'data-testid': 'turn-row' },
    COLUMNS.map(([key]) => {
      cells[key] = h('span', { class: `cell cell-${key}`, 'data-col': key });
      return cells[key];
    }),
  );
  const pick = h('input', { type: 'checkbox', class: 'pick', 'data-testid': 'compare-pick', tabIndex: -1 });
  pick.addEventListener('change', () => {
    if (link.dataset.traceId) picks.toggle(link.dataset.traceId, pick.checked);
  });
  const item = h('div', { class: 'vrow', role: 'listitem' }, pick, link);
  item.cells = cells;
  item.link = link;
  item.pick = pick;
  return item;
}

function fillPlaceholder(item, index, count) {
  const { cells, link, pick } = item;
  link.removeAttribute('href');
  delete link.dataset.traceId;
  link.classList.remove('has-error');
  link.setAttribute('aria-label', 'Loading…');
  for (const cell of Object.values(cells)) cell.textContent = '';
  cells.time.textContent = '…';
  cells.status.className = 'cell cell-status';
  pick.hidden = true;
  item.setAttribute('aria-posinset', String(index + 1));
  item.setAttribute('aria-setsize', String(count));
}

function fillRow(item, turn, index, count, search) {
  const { cells, link, pick } = item;
  const name = turn.agentName ?? turn.rootName;
  const status = statusText(turn);
  const cost = formatKnownCost(turn.costUsd, turn.unpricedCalls);
  link.href = turnPath(turn.traceId, search);
  link.dataset.traceId = turn.traceId;
  link.classList.toggle('has-error', status !== 'ok');
  cells.time.textContent = formatTime(turn.startTimeMs, true);
  setText(cells.agent, name);
  cells.agent.title = turn.agentName ? escapedText(turn.rootName) : '';
  setText(cells.service, serviceText(turn));
  setText(cells.conversation, turn.conversationId ?? '—');
  setText(cells.user, turn.userId ?? '—');
  // Narrow cells cut long values: the whole value as a tooltip.
  for (const key of ['service', 'conversation', 'user']) cells[key].title = escapedText(cells[key].textContent);
  cells.duration.textContent = formatDuration(turn.durationMs);
  cells.ttft.textContent = formatDuration(turn.ttftMs);
  cells.tokens.textContent = `${formatInt(turn.inputTokens)} / ${formatInt(turn.outputTokens)}`;
  cells.cost.textContent = cost;
  cells.cost.title = costNote(turn.costUsd, turn.unpricedCalls);
  cells.cost.classList.toggle('unknown', turn.costUsd === null);
  setText(cells.status, shortStatus(turn));
  cells.status.title = escapedText(status);
  cells.status.className = `cell cell-status badge ${status === 'ok' ? 'badge-ok' : 'badge-error'}`;
  pick.hidden = false;
  pick.checked = picks.has(turn.traceId);
  pick.setAttribute('aria-label', escapedText(`Pick ${name} at ${formatTime(turn.startTimeMs)} for comparison`));
  item.setAttribute('aria-posinset', String(index + 1));
  item.setAttribute('aria-setsize', String(count));
  link.setAttribute(
    'aria-label',
    `${name}, ${serviceText(turn)}, conversation ${turn.conversationId ?? 'none'}, user ${turn.userId ?? 'none'}, ` +
      `${formatTime(turn.startTimeMs)}, ${formatDuration(turn.durationMs)}, time to first token ${formatDuration(turn.ttftMs)}, ` +
      `${formatInt(turn.inputTokens)} input and ${formatInt(turn.outputTokens)} output tokens, ` +
      `cost ${cost}, ${status}`,
  );
}

/**
 * @param {(index: number) => object | undefined} getTurn  the turn at a row, undefined while loading
 * @param {(first: number, last: number) => void} onRange  rows first..last are on screen
 * @param {{ sort: string, order: string, search: () => string }} sorting  the current sort, and the search (rows link to its hits)
 * @param {(sort: string, order: string) => void} onSort  a column title was clicked
 */
export function createTurnTable(getTurn, onRange, sorting, onSort) {
  const list = createVirtualList({
    rowHeight: ROW_HEIGHT,
    createRow,
    fillRow(item, index, count) {
      const turn = getTurn(index);
      if (turn) fillRow(item, turn, index, count, sorting.search());
      else fillPlaceholder(item, index, count);
    },
    onRange,
    label: 'Turns',
  });
  let count = 0;
  const headerCell = ([key, label, sort]) => {
    if (sort === null) return h('span', { class: `cell cell-${key}` }, label);
    const active = sorting.sort === sort;
    const arrow = active ? (sorting.order === 'asc' ? ' ▲' : ' ▼') : '';
    return h(
      'span',
      { class: `cell cell-${key}`, 'aria-sort': active ? (sorting.order === 'asc' ? 'ascending' : 'descending') : undefined },
      h(
        'button',
        {
          type: 'button',
          class: `sort-button${active ? ' active' : ''}`,
          'data-testid': `sort-${sort}`,
          title: `Sort by ${SORT_NAMES[sort]}${active ? ` (${sorting.order === 'asc' ? 'ascending' : 'descending'}; click to reverse)` : ''}`,
          onClick: () => onSort(sort, active && sorting.order === 'desc' ? 'asc' : 'desc'),
        },
        label,
        arrow ? h('span', { class: 'sort-arrow', 'aria-hidden': 'true' }, arrow) : null,
      ),
    );
  };
  const headerRow = h('div', { class: 'turn-row turn-header' });
  const renderHeader = () => replaceChildren(headerRow, COLUMNS.map(headerCell));
  renderHeader();
  const header = h(
    'div',
    { class: 'turn-head', 'data-testid': 'turn-header-row' },
    h('span', { class: 'pick-head', title: 'Pick two turns to compare them' }, '⇄'),
    headerRow,
  );
  const element = h('div', { class: 'turn-table', 'data-testid': 'turn-list' }, header, list.element);

  list.element.addEventListener('keydown', (event) => {
    const row = event.target instanceof Element ? event.target.closest('.vrow') : null;
    if (!row) return;
    const index = Number(row.dataset.index);
    const target =
      event.key === 'ArrowDown' ? index + 1
      : event.key === 'ArrowUp' ? index - 1
      : event.key === 'Home' ? 0
      : event.key === 'End' ? count - 1
      : null;
    if (target === null) return;
    event.preventDefault();
    list.reveal(Math.max(0, Math.min(count - 1, target)))?.link.focus();
  });
  const unsubscribe = picks.subscribe(() => list.refresh());

  return {
    element,
    /** New row count, rows on screen re-filled. */
    setCount(next) {
      count = next;
      list.setCount(next);
    },
    refresh: () => list.refresh(),
    range: () => list.range(),
    /** The sort shown in the column titles. */
    setSort(sort, order) {
      sorting.sort = sort;
      sorting.order = order;
      renderHeader();
      headerRow.querySelector(`[data-testid="sort-${sort}"]`)?.focus();
    },
    /** Index of the first row whose top is in view (the scroll anchor), or -1. */
    firstVisibleIndex() {
      const top = list.element.getBoundingClientRect().top;
      return top >= 0 ? -1 : Math.min(count - 1, Math.ceil(-top / ROW_HEIGHT));
    },
    destroy() {
      unsubscribe();
      list.destroy();
    },
  };
}
