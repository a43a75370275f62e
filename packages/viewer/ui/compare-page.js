// Two turns side by side — the same turn through two frameworks, or a prompt before and after a
// change — aligned span by span, with what differs marked: span names, status, tokens, cost,
// and durations that changed by more than a fifth.
import { ApiError, fetchTurn } from './api.js';
import { alignTurns, differences, spanFigures } from './compare-align.js';
import { comparePath } from './compare-picks.js';
import { h, replaceChildren } from './dom.js';
import { formatCost, formatDuration, formatInt, formatKnownCost, formatTime } from './format.js';
import { navigate, turnPath } from './router.js';
import { toText } from './text.js';
import { LIST_URL_KEY } from './turn-page.js';
import { serviceText, statusText } from './turn-table.js';

const TRACE_ID = /^[0-9a-f]{32}$/i;

/** "+120 ms (+35%)" */
function delta(a, b, format) {
  if (typeof a !== 'number' || typeof b !== 'number') return '';
  const diff = b - a;
  if (diff === 0) return '';
  const pct = a !== 0 ? ` (${diff > 0 ? '+' : ''}${Math.round((diff / a) * 100)}%)` : '';
  return `${diff > 0 ? '+' : '−'}${format(Math.abs(diff))}${pct}`;
}

function turnSummary(turn, label) {
  const status = statusText(turn);
  return h(
    'div',
    { class: 'compare-turn', 'data-testid': `compare-turn-${label.toLowerCase()}` },
    h('h2', null, `${label}: `, h('a', { href: turnPath(turn.traceId), 'data-link': true }, turn.agentName ?? turn.rootName), ' ', h('span', { class: `badge ${status === 'ok' ? 'badge-ok' : 'badge-error'}` }, status)),
    h('p', { class: 'muted ids' }, `${formatTime(turn.startTimeMs)} · ${serviceText(turn)} · trace ${turn.traceId}`),
  );
}

const TOTALS = [
  ['Duration', (t) => t.durationMs, formatDuration],
  ['Time to first token', (t) => t.ttftMs, formatDuration],
  ['Input tokens', (t) => t.inputTokens, formatInt],
  ['Output tokens', (t) => t.outputTokens, formatInt],
  ['Cost', (t) => t.costUsd, formatCost],
  ['Spans', (t) => t.spanCount, formatInt],
];

function totalsTable(a, b) {
  return h(
    'table',
    { class: 'totals-table compare-totals', 'data-testid': 'compare-totals' },
    h('thead', null, h('tr', null, h('th', null, ''), h('th', { class: 'num' }, 'A'), h('th', { class: 'num' }, 'B'), h('th', { class: 'num' }, 'B − A'))),
    h(
      'tbody',
      null,
      TOTALS.map(([label, value, format]) => {
        const va = value(a);
        const vb = value(b);
        const shown = (v, t) => (label === 'Cost' ? formatKnownCost(v, t.unpricedCalls) : format(v));
        return h(
          'tr',
          { class: va !== vb ? 'diff' : '' },
          h('th', { scope: 'row' }, label),
          h('td', { class: 'num' }, shown(va, a)),
          h('td', { class: 'num' }, shown(vb, b)),
          h('td', { class: 'num delta' }, delta(va, vb, format)),
        );
      }),
    ),
  );
}

function side(span, changed, depth) {
  if (!span) return [h('td', { class: 'absent', colspan: 4 }, '—')];
  const f = spanFigures(span);
  const mark = (key, content) => h('td', { class: `${changed.has(key) ? 'diff ' : ''}num` }, content);
  return [
    h(
      'td',
      { class: `span-cell${changed.has('name') ? ' diff' : ''}${f.status === 'error' ? ' failed' : ''}`, style: { paddingLeft: `${0.4 + depth}rem` } },
      h('span', { class: 'span-name' }, f.name),
      f.status === 'error' ? h('span', { class: `badge badge-error${changed.has('status') ? ' diff' : ''}` }, 'error') : null,
    ),
    mark(changed.has('inputTokens') ? 'inputTokens' : 'outputTokens', f.inputTokens === null && f.outputTokens === null ? '' : `${formatInt(f.inputTokens)} / ${formatInt(f.outputTokens)}`),
    mark('costUsd', f.costUsd === null ? '' : formatCost(f.costUsd)),
    mark('durationMs', formatDuration(f.durationMs)),
  ];
}

function alignedTable(a, b) {
  const rows = alignTurns(a.spans, b.spans);
  const changedRows = rows.filter((r) => differences(r.a, r.b).size > 0).length;
  return h(
    'div',
    null,
    h('p', { class: 'muted', 'data-testid': 'compare-summary' }, `${rows.length} aligned rows, ${changedRows} with differences (marked).`),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'compare-table', 'data-testid': 'compare-table' },
        h('colgroup', null, [0, 1].map(() => [h('col', { class: 'col-span' }), h('col', { class: 'col-tokens' }), h('col', { class: 'col-cost' }), h('col', { class: 'col-duration' })])),
        h(
          'thead',
          null,
          h('tr', null, h('th', { colspan: 4 }, 'A'), h('th', { colspan: 4 }, 'B')),
          h('tr', null, ['Span', 'Tokens in / out', 'Cost', 'Duration', 'Span', 'Tokens in / out', 'Cost', 'Duration'].map((t) => h('th', { scope: 'col' }, t))),
        ),
        h(
          'tbody',
          null,
          rows.map((row) => {
            const changed = differences(row.a, row.b);
            return h(
              'tr',
              {
                class: `${changed.size > 0 ? 'row-diff' : ''}${row.a && !row.b ? ' only-a' : ''}${row.b && !row.a ? ' only-b' : ''}`,
                'data-testid': 'compare-row',
                'data-diff': [...changed].join(' '),
              },
              side(row.a, changed, row.depth),
              side(row.b, changed, row.depth),
            );
          }),
        ),
      ),
    ),
  );
}

function picker(a, b) {
  const input = (name, value) =>
    h('input', { name, value: value ?? '', placeholder: '32 hex digits', pattern: '[0-9a-fA-F]{32}', required: true, spellcheck: 'false', 'data-testid': `compare-input-${name}`, size: 34 });
  const form = h(
    'form',
    { class: 'filters compare-picker' },
    h('div', { class: 'filter' }, h('label', null, 'Turn A (trace id)'), input('a', a)),
    h('div', { class: 'filter' }, h('label', null, 'Turn B (trace id)'), input('b', b)),
    h('button', { type: 'submit' }, 'Compare'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    navigate(comparePath(String(data.get('a')).trim().toLowerCase(), String(data.get('b')).trim().toLowerCase()));
  });
  return form;
}

export function mountComparePage(main) {
  document.title = 'Compare turns · agentspan viewer';
  const query = new URLSearchParams(location.search);
  const a = query.get('a');
  const b = query.get('b');
  const controller = new AbortController();
  const body = h('div', null);
  const backHref = sessionStorage.getItem(LIST_URL_KEY) || '/';
  replaceChildren(
    main,
    h(
      'section',
      { class: 'compare-page', 'data-testid': 'compare-page' },
      h('a', { class: 'back-link', href: backHref, 'data-link': true }, '← All turns'),
      h('h1', null, 'Compare two turns'),
      picker(a, b),
      body,
    ),
  );
  if (!a || !b || !TRACE_ID.test(a) || !TRACE_ID.test(b)) {
    replaceChildren(body, h('p', { class: 'muted' }, 'Tick two turns in the list and press “Compare”, or enter two trace ids.'));
    return () => controller.abort();
  }
  Promise.all([fetchTurn(a, controller.signal), fetchTurn(b, controller.signal)]).then(
    ([turnA, turnB]) => {
      try {
        replaceChildren(
          body,
          h('div', { class: 'compare-heads' }, turnSummary(turnA.turn, 'A'), turnSummary(turnB.turn, 'B')),
          totalsTable(turnA.turn, turnB.turn),
          alignedTable(turnA, turnB),
        );
        body.dataset.state = 'ready';
      } catch (error) {
        replaceChildren(body, h('p', { class: 'error-banner', role: 'alert' }, `The comparison could not be shown: ${toText(error?.message)}`));
      }
    },
    (error) => {
      if (error?.name === 'AbortError') return;
      const message = error instanceof ApiError && error.status === 404 ? 'One of the turns is not stored (any more).' : `Could not load the turns: ${toText(error?.message)}`;
      replaceChildren(body, h('p', { class: 'error-banner', role: 'alert', 'data-testid': 'compare-error' }, message));
    },
  );
  return () => controller.abort();
}

