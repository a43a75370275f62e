// The selected span's panel: its GenAI attributes in readable groups, its error, captured
// messages, events, then every other attribute, the resource and the scope as tables.
import { ATTRIBUTE_GROUPS, ERROR_FIELDS, formatAttribute, SHOWN_KEYS } from './attributes.js';
import { field, h } from './dom.js';
import { renderEvaluations } from './evaluations.js';
import { formatDuration, formatValue } from './format.js';
import { renderCapturedContent } from './messages.js';

const testId = (key) => `attr-${key}`;

function group(title, rows, extra = {}) {
  if (rows.length === 0) return null;
  return h('section', { class: 'detail-group', ...extra }, h('h3', null, title), h('dl', { class: 'fields' }, rows));
}

function fieldsOf(attributes, fields) {
  return fields
    .filter(([key]) => attributes[key] !== undefined)
    .map(([key, label, format]) => field(label, formatAttribute(attributes[key], format), testId(key)));
}

function errorGroup(span) {
  const rows = fieldsOf(span.attributes, ERROR_FIELDS);
  if (span.status?.code === 'error') {
    rows.unshift(field('Status', 'error', 'span-status'));
    if (span.status.message) rows.push(field('Status message', span.status.message, 'span-status-message'));
  }
  return group('Error', rows, { 'data-testid': 'span-error', class: 'detail-group error-group' });
}

function keyValueTable(caption, entries, testIdValue) {
  if (entries.length === 0) return null;
  return h(
    'table',
    { class: 'kv-table', 'data-testid': testIdValue },
    h('caption', null, caption),
    h('tbody', null, entries.map(([key, value]) => h('tr', null, h('th', { scope: 'row' }, key), h('td', null, formatValue(value))))),
  );
}

function eventsSection(span) {
  if (!span.events?.length) return null;
  return h(
    'section',
    { class: 'detail-group', 'data-testid': 'span-events' },
    h('h3', null, 'Events'),
    span.events.map((event) => {
      const attributes = event.attributes ?? {};
      const stack = attributes['exception.stacktrace'];
      const rest = Object.entries(attributes).filter(([key]) => key !== 'exception.stacktrace');
      return h(
        'div',
        { class: 'event' },
        h('h4', null, event.name, h('span', { class: 'muted' }, ` at +${formatDuration(event.timeMs - span.startTimeMs)}`)),
        keyValueTable('Event attributes', rest.sort(([a], [b]) => a.localeCompare(b))),
        typeof stack === 'string' ? h('details', null, h('summary', null, 'Stack trace'), h('pre', { class: 'json' }, stack)) : null,
      );
    }),
  );
}

/** The panel content for `span`; `turnStart` is the turn's first start (ms); `evaluations` its own. */
export function renderSpanDetails(span, turnStart, evaluations = []) {
  const attributes = span.attributes ?? {};
  const others = Object.entries(attributes)
    .filter(([key]) => !SHOWN_KEYS.has(key))
    .sort(([a], [b]) => a.localeCompare(b));
  const timing = h(
    'dl',
    { class: 'fields' },
    field('Kind', span.kind.toUpperCase(), 'span-kind'),
    field('Starts at', `+${formatDuration(span.startTimeMs - turnStart)}`, 'span-offset'),
    field('Duration', formatDuration(span.durationMs), 'span-duration'),
    field('Status', span.status?.code ?? 'unset', 'span-status-code'),
  );
  return h(
    'article',
    { class: 'span-details', 'data-testid': 'span-details', 'data-span-id': span.spanId, 'aria-labelledby': 'span-details-title' },
    h('h2', { id: 'span-details-title', 'data-testid': 'span-details-name' }, span.name),
    h('p', { class: 'muted ids' }, `span ${span.spanId}`, span.parentSpanId ? ` · parent ${span.parentSpanId}` : ''),
    timing,
    errorGroup(span),
    renderEvaluations(evaluations, { title: 'Scores and feedback on this span', testId: 'span-evaluations' }),
    ATTRIBUTE_GROUPS.map((g) => group(g.title, fieldsOf(attributes, g.fields))),
    renderCapturedContent(attributes),
    eventsSection(span),
    h(
      'section',
      { class: 'detail-group' },
      h('h3', null, 'Other attributes'),
      keyValueTable('Other attributes', others, 'other-attributes') ?? h('p', { class: 'muted' }, 'None'),
      h(
        'details',
        null,
        h('summary', null, 'Resource and scope'),
        keyValueTable('Resource', Object.entries(span.resource ?? {}).sort(([a], [b]) => a.localeCompare(b))),
        keyValueTable('Instrumentation scope', [
          ['name', span.scope?.name ?? ''],
          ['version', span.scope?.version ?? ''],
        ]),
      ),
    ),
  );
}
