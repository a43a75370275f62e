// The list's filter bar: search, time range, the facet selects (agent, model, service, error
// category, prompt version), errors only, and under "More filters" conversation, user,
// framework, the evaluation whose score to filter by and the numeric ranges (duration and
// TTFT in seconds, cost in USD, tokens, score).
import { h, replaceChildren } from './dom.js';
import { RANGES } from './filters.js';

/** Numeric range inputs: [label, min key, max key, URL units per shown unit, step]. */
const NUMBER_FIELDS = [
  ['Duration (s)', 'minDuration', 'maxDuration', 1000, '0.1'],
  ['TTFT (s)', 'minTtft', 'maxTtft', 1000, '0.01'],
  ['Cost (USD)', 'minCost', 'maxCost', 1, '0.0001'],
  ['Tokens', 'minTokens', 'maxTokens', 1, '1'],
  ['Score', 'minScore', 'maxScore', 1, '0.01'],
];

/** A URL value in the shown unit: 1500 (ms) → "1.5" (s). */
function shown(value, scale) {
  return value === '' ? '' : String(Number(value) / scale);
}

/** A typed value in the URL's unit, or '' when empty or invalid. */
function stored(text, scale) {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) return '';
  return String(scale === 1 ? n : Math.round(n * scale));
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

const labelled = (id, text, control, extra = '') => h('div', { class: `filter ${extra}` }, h('label', { for: id }, text), control);

/**
 * `onChange(filters, { push })` runs on every change (push: a new history entry rather than
 * replacing the current one, for committed changes); `setFacets(facets)` refreshes the choices
 * without touching what the user is typing.
 */
export function createFilterBar(filters, onChange) {
  const emit = (push) => onChange({ ...filters }, { push });
  const selects = {};
  const select = (key, allLabel) => {
    const element = h('select', { id: `filter-${key}`, 'data-testid': `filter-${key}` });
    element.addEventListener('change', () => {
      filters[key] = element.value;
      emit(true);
    });
    selects[key] = { element, allLabel };
    return element;
  };
  const textInput = (key, placeholder, list) => {
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
    const apply = (push) => {
      clearTimeout(timer);
      if (filters[key] === input.value.trim()) return;
      filters[key] = input.value.trim();
      emit(push);
    };
    input.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => apply(false), 400);
    });
    input.addEventListener('change', () => apply(true));
    return input;
  };
  const numberInput = (key, scale, step, label) => {
    const input = h('input', {
      id: `filter-${key}`,
      type: 'number',
      min: '0',
      step,
      inputmode: 'decimal',
      value: shown(filters[key], scale),
      'aria-label': label,
      'data-testid': `filter-${key}`,
    });
    input.addEventListener('change', () => {
      const next = stored(input.value, scale);
      if (next === filters[key]) return;
      filters[key] = next;
      emit(true);
    });
    return input;
  };

  const search = textInput('q', 'Search span names, attributes and captured messages');
  const conversationList = h('datalist', { id: 'conversation-options' });
  const userList = h('datalist', { id: 'user-options' });
  const errors = h('input', { id: 'filter-errors', type: 'checkbox', checked: filters.errors, 'data-testid': 'filter-errors' });
  errors.addEventListener('change', () => {
    filters.errors = errors.checked;
    emit(true);
  });
  const range = h(
    'select',
    { id: 'filter-range', 'data-testid': 'filter-range' },
    RANGES.map((r) => h('option', { value: r.id, selected: r.id === filters.range }, r.label)),
  );
  range.addEventListener('change', () => {
    filters.range = range.value;
    filters.from = '';
    filters.to = '';
    emit(true);
  });
  const more = NUMBER_FIELDS.some(([, min, max]) => filters[min] || filters[max]) || filters.conversation || filters.user || filters.framework || filters.evaluation;
  const element = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter turns', onSubmit: (e) => e.preventDefault() },
    h('div', { class: 'filter-row' }, labelled('filter-q', 'Search', search, 'filter-search')),
    h(
      'div',
      { class: 'filter-row' },
      labelled('filter-range', 'Time range', range),
      labelled('filter-agent', 'Agent', select('agent', 'All agents')),
      labelled('filter-model', 'Model', select('model', 'All models')),
      labelled('filter-service', 'Service', select('service', 'All services')),
      labelled('filter-category', 'Error category', select('category', 'Any')),
      labelled('filter-prompt', 'Prompt version', select('prompt', 'Any prompt')),
      h('div', { class: 'filter filter-check' }, errors, h('label', { for: 'filter-errors' }, 'Errors only')),
    ),
    h(
      'details',
      { class: 'more-filters', open: Boolean(more), 'data-testid': 'more-filters' },
      h('summary', null, 'More filters'),
      h(
        'div',
        { class: 'filter-row' },
        labelled('filter-conversation', 'Conversation', textInput('conversation', 'any conversation', 'conversation-options')),
        labelled('filter-user', 'User', textInput('user', 'any user', 'user-options')),
        labelled('filter-framework', 'Framework', select('framework', 'All frameworks')),
        labelled('filter-evaluation', 'Scored by', select('evaluation', 'Any evaluation')),
        NUMBER_FIELDS.map(([label, min, max, scale, step]) =>
          h(
            'fieldset',
            { class: 'filter filter-range-pair' },
            h('legend', null, label),
            numberInput(min, scale, step, `${label} at least`),
            h('span', { 'aria-hidden': 'true' }, '–'),
            numberInput(max, scale, step, `${label} at most`),
          ),
        ),
      ),
    ),
    conversationList,
    userList,
  );

  const FACETS = {
    agent: 'agents',
    model: 'models',
    service: 'services',
    category: 'errorCategories',
    framework: 'frameworks',
    prompt: 'prompts',
    evaluation: 'evaluations',
  };
  let lastFacets = '';
  function setFacets(facets) {
    const signature = JSON.stringify([facets, Object.keys(FACETS).map((k) => filters[k])]);
    if (signature === lastFacets) return;
    lastFacets = signature;
    for (const [key, facet] of Object.entries(FACETS)) {
      const { element: control, allLabel } = selects[key];
      if (document.activeElement !== control) options(control, facets[facet] ?? [], filters[key], allLabel);
    }
    datalist(conversationList, facets.conversations ?? []);
    datalist(userList, facets.users ?? []);
  }
  setFacets({});
  return { element, setFacets };
}
