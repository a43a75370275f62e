// The list's filters: their state lives in the URL query (so reload, back and links keep it),
// and a filter bar built from the facets the API reports.
import { h, replaceChildren } from './dom.js';

export const RANGES = [
  { id: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 60 * 60_000 },
  { id: '24h', label: 'Last 24 hours', ms: 24 * 60 * 60_000 },
  { id: 'all', label: 'All time', ms: null },
];
const TEXT_KEYS = ['agent', 'conversation', 'user', 'model'];

/** { agent, conversation, user, model, errors, range } from a query string. */
export function readFilters(search) {
  const query = new URLSearchParams(search);
  const filters = { errors: query.get('errors') === '1', range: 'all' };
  for (const key of TEXT_KEYS) filters[key] = query.get(key) ?? '';
  const range = query.get('range');
  if (RANGES.some((r) => r.id === range)) filters.range = range;
  return filters;
}

/** The query string that stands for `filters` (defaults left out). */
export function filtersToQuery(filters) {
  const query = new URLSearchParams();
  for (const key of TEXT_KEYS) if (filters[key]) query.set(key, filters[key]);
  if (filters.errors) query.set('errors', '1');
  if (filters.range !== 'all') query.set('range', filters.range);
  return query;
}

/** The time window of the range, computed now: { from } or {}. */
export function rangeWindow(filters, now = Date.now()) {
  const range = RANGES.find((r) => r.id === filters.range);
  return range?.ms ? { from: Math.floor(now - range.ms) } : {};
}

/** The API parameters of /api/turns for `filters`. */
export function turnQuery(filters, now = Date.now()) {
  const params = { ...rangeWindow(filters, now) };
  for (const key of TEXT_KEYS) if (filters[key]) params[key] = filters[key];
  if (filters.errors) params.errors = 1;
  return params;
}

export function hasActiveFilters(filters) {
  return TEXT_KEYS.some((key) => filters[key]) || filters.errors || filters.range !== 'all';
}

function options(select, values, current, allLabel) {
  const list = current && !values.includes(current) ? [current, ...values] : values;
  replaceChildren(
    select,
    h('option', { value: '' }, allLabel),
    list.map((value) => h('option', { value, selected: value === current }, value)),
  );
  select.value = current;
}

function datalist(list, values) {
  replaceChildren(
    list,
    values.slice(0, 500).map((value) => h('option', { value })),
  );
}

/**
 * The filter bar. `onChange(filters)` runs on every change; `setFacets(facets)` refreshes the
 * choices without touching what the user is typing.
 */
export function createFilterBar(filters, onChange) {
  const emit = () => onChange({ ...filters });
  const agent = h('select', { id: 'filter-agent', 'data-testid': 'filter-agent' });
  const model = h('select', { id: 'filter-model', 'data-testid': 'filter-model' });
  const conversationList = h('datalist', { id: 'conversation-options' });
  const userList = h('datalist', { id: 'user-options' });
  const textInput = (key, list, placeholder) => {
    let timer;
    const input = h('input', {
      id: `filter-${key}`,
      type: 'search',
      list,
      placeholder,
      autocomplete: 'off',
      spellcheck: 'false',
      value: filters[key],
      'data-testid': `filter-${key}`,
    });
    const apply = () => {
      clearTimeout(timer);
      if (filters[key] === input.value.trim()) return;
      filters[key] = input.value.trim();
      emit();
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(apply, 300);
    });
    input.addEventListener('change', apply);
    return input;
  };
  const conversation = textInput('conversation', 'conversation-options', 'any conversation');
  const user = textInput('user', 'user-options', 'any user');
  const errors = h('input', { id: 'filter-errors', type: 'checkbox', checked: filters.errors, 'data-testid': 'filter-errors' });
  const range = h(
    'select',
    { id: 'filter-range', 'data-testid': 'filter-range' },
    RANGES.map((r) => h('option', { value: r.id, selected: r.id === filters.range }, r.label)),
  );
  agent.addEventListener('change', () => {
    filters.agent = agent.value;
    emit();
  });
  model.addEventListener('change', () => {
    filters.model = model.value;
    emit();
  });
  errors.addEventListener('change', () => {
    filters.errors = errors.checked;
    emit();
  });
  range.addEventListener('change', () => {
    filters.range = range.value;
    emit();
  });

  const labelled = (id, text, control) => h('div', { class: 'filter' }, h('label', { for: id }, text), control);
  const element = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter turns', onSubmit: (e) => e.preventDefault() },
    labelled('filter-agent', 'Agent', agent),
    labelled('filter-conversation', 'Conversation', conversation),
    labelled('filter-user', 'User', user),
    labelled('filter-model', 'Model', model),
    labelled('filter-range', 'Time range', range),
    h('div', { class: 'filter filter-check' }, errors, h('label', { for: 'filter-errors' }, 'Errors only')),
    conversationList,
    userList,
  );

  let lastFacets = '';
  function setFacets(facets) {
    const signature = JSON.stringify([facets, filters.agent, filters.model]);
    if (signature === lastFacets) return;
    lastFacets = signature;
    if (document.activeElement !== agent) options(agent, facets.agents ?? [], filters.agent, 'All agents');
    if (document.activeElement !== model) options(model, facets.models ?? [], filters.model, 'All models');
    datalist(conversationList, facets.conversations ?? []);
    datalist(userList, facets.users ?? []);
  }
  setFacets({});
  return { element, setFacets };
}
