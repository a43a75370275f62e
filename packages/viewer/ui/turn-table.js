// The table of turns: a column header and a virtualised list of rows; each row is a link to
// the turn's page (click or Enter), arrow keys move between rows.
import { h } from './dom.js';
import { formatCost, formatDuration, formatInt, formatTime } from './format.js';
import { turnPath } from './router.js';
import { createVirtualList } from './virtual-list.js';

export const ROW_HEIGHT = 36;
const COLUMNS = [
  ['time', 'Start'],
  ['agent', 'Agent'],
  ['conversation', 'Conversation'],
  ['user', 'User'],
  ['duration', 'Duration'],
  ['tokens', 'Tokens in / out'],
  ['cost', 'Cost'],
  ['status', 'Status'],
];

/** Status text of a turn: ok, error · rate_limit, … */
export function statusText(turn) {
  if (!turn.hasError && turn.status !== 'error') return 'ok';
  return ['error', turn.errorCategory ?? turn.errorType].filter(Boolean).join(' · ');
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
  const item = h('div', { class: 'vrow', role: 'listitem' }, link);
  item.cells = cells;
  item.link = link;
  return item;
}

function fillPlaceholder(item, index, count) {
  const { cells, link } = item;
  link.removeAttribute('href');
  delete link.dataset.traceId;
  link.classList.remove('has-error');
  link.setAttribute('aria-label', 'Loading…');
  for (const cell of Object.values(cells)) cell.textContent = '';
  cells.time.textContent = '…';
  cells.status.className = 'cell cell-status';
  item.setAttribute('aria-posinset', String(index + 1));
  item.setAttribute('aria-setsize', String(count));
}

function fillRow(item, turn, index, count) {
  const { cells, link } = item;
  const name = turn.agentName ?? turn.rootName;
  const status = statusText(turn);
  link.href = turnPath(turn.traceId);
  link.dataset.traceId = turn.traceId;
  link.classList.toggle('has-error', status !== 'ok');
  cells.time.textContent = formatTime(turn.startTimeMs, true);
  cells.agent.textContent = name;
  cells.agent.title = turn.agentName ? turn.rootName : '';
  cells.conversation.textContent = turn.conversationId ?? '—';
  cells.user.textContent = turn.userId ?? '—';
  cells.duration.textContent = formatDuration(turn.durationMs);
  cells.tokens.textContent = `${formatInt(turn.inputTokens)} / ${formatInt(turn.outputTokens)}`;
  cells.cost.textContent = formatCost(turn.costUsd);
  cells.status.textContent = status;
  cells.status.className = `cell cell-status badge ${status === 'ok' ? 'badge-ok' : 'badge-error'}`;
  item.setAttribute('aria-posinset', String(index + 1));
  item.setAttribute('aria-setsize', String(count));
  link.setAttribute(
    'aria-label',
    `${name}, conversation ${turn.conversationId ?? 'none'}, user ${turn.userId ?? 'none'}, ` +
      `${formatTime(turn.startTimeMs)}, ${formatDuration(turn.durationMs)}, ` +
      `${formatInt(turn.inputTokens)} input and ${formatInt(turn.outputTokens)} output tokens, ` +
      `cost ${formatCost(turn.costUsd)}, ${status}`,
  );
}

/**
 * @param {(index: number) => object | undefined} getTurn  the turn at a row, undefined while loading
 * @param {(first: number, last: number) => void} onRange  rows first..last are on screen
 */
export function createTurnTable(getTurn, onRange) {
  const list = createVirtualList({
    rowHeight: ROW_HEIGHT,
    createRow,
    fillRow(item, index, count) {
      const turn = getTurn(index);
      if (turn) fillRow(item, turn, index, count);
      else fillPlaceholder(item, index, count);
    },
    onRange,
    label: 'Turns, newest first',
  });
  let count = 0;
  const header = h(
    'div',
    { class: 'turn-row turn-header', 'aria-hidden': 'true' },
    COLUMNS.map(([key, label]) => h('span', { class: `cell cell-${key}` }, label)),
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

  return {
    element,
    /** New row count, rows on screen re-filled. */
    setCount(next) {
      count = next;
      list.setCount(next);
    },
    refresh: () => list.refresh(),
    range: () => list.range(),
    /** Index of the first row whose top is in view (the scroll anchor), or -1. */
    firstVisibleIndex() {
      const top = list.element.getBoundingClientRect().top;
      return top >= 0 ? -1 : Math.min(count - 1, Math.ceil(-top / ROW_HEIGHT));
    },
    destroy: () => list.destroy(),
  };
}
