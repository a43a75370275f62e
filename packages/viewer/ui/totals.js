// Totals for the time range: tokens, calls and cost per model, turns and errors per agent.
import { h, replaceChildren } from './dom.js';
import { costNote, formatInt, formatKnownCost } from './format.js';

function bodyRows(columns, rows, rowTestId) {
  if (rows.length === 0) {
    return h('tr', null, h('td', { colspan: columns.length, class: 'muted' }, 'Nothing in this range'));
  }
  return rows.map((row) =>
    h(
      'tr',
      { 'data-testid': rowTestId },
      columns.map(([, value, numeric, note], i) =>
        h(
          i === 0 ? 'th' : 'td',
          { class: numeric ? 'num' : '', scope: i === 0 ? 'row' : undefined, title: note?.(row) || undefined },
          value(row),
        ),
      ),
    ),
  );
}

/** A small table in its own horizontal scroller (narrow screens). */
function table(caption, testId, columns, rows, rowTestId) {
  const head = h('tr', null, columns.map(([label, , numeric]) => h('th', { scope: 'col', class: numeric ? 'num' : '' }, label)));
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'totals-table', 'data-testid': testId },
      h('caption', null, caption),
      h('thead', null, head),
      h('tbody', null, bodyRows(columns, rows, rowTestId)),
    ),
  );
}

const MODEL_COLUMNS = [
  ['Model', (r) => r.model],
  ['Provider', (r) => r.provider ?? '—'],
  ['Calls', (r) => formatInt(r.calls), true],
  ['Input', (r) => formatInt(r.inputTokens), true],
  ['Cached input', (r) => formatInt(r.cachedInputTokens), true],
  ['Output', (r) => formatInt(r.outputTokens), true],
  ['Reasoning', (r) => formatInt(r.reasoningTokens), true],
  ['Cost', (r) => formatKnownCost(r.costUsd, r.unpricedCalls), true, (r) => costNote(r.costUsd, r.unpricedCalls)],
];
const AGENT_COLUMNS = [
  ['Agent', (r) => r.agentName],
  ['Turns', (r) => formatInt(r.turns), true],
  ['Input', (r) => formatInt(r.inputTokens), true],
  ['Output', (r) => formatInt(r.outputTokens), true],
  ['Cost', (r) => formatKnownCost(r.costUsd, r.unpricedCalls), true, (r) => costNote(r.costUsd, r.unpricedCalls)],
  ['Errors', (r) => formatInt(r.errors), true],
];

/** A collapsible totals section; `setTotals(totals, rangeLabel)` re-renders it when it changed. */
export function createTotals() {
  const body = h('div', { class: 'totals-body' });
  const summary = h('summary', null, 'Totals');
  const element = h('details', { class: 'totals', open: true, 'data-testid': 'totals' }, summary, body);
  let last = '';
  return {
    element,
    setTotals(totals, rangeLabel) {
      const signature = JSON.stringify([totals, rangeLabel]);
      if (signature === last) return;
      last = signature;
      summary.textContent = `Totals · ${rangeLabel}`;
      replaceChildren(
        body,
        table('Per model', 'totals-by-model', MODEL_COLUMNS, totals.byModel ?? [], 'totals-model-row'),
        table('Per agent', 'totals-by-agent', AGENT_COLUMNS, totals.byAgent ?? [], 'totals-agent-row'),
      );
    },
  };
}
