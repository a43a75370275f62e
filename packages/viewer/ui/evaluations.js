// Scores and feedback recorded against a turn's spans (gen_ai.evaluation.result): a table
// on the turn's page (every one of the turn) and in the selected span's panel (its own).
import { h } from './dom.js';
import { formatTime } from './format.js';
import { toText } from './text.js';

/** A score as read: thumbs of user feedback, else the number and its label. */
function scoreText(e) {
  if (e.label === 'thumbs_up' || e.label === 'thumbs_down') return e.label === 'thumbs_up' ? '▲ thumbs up' : '▼ thumbs down';
  const score = e.score === null ? '—' : String(Number(e.score.toPrecision(4)));
  return e.label ? `${score} (${e.label})` : score;
}

/** A table of `evaluations`, or null when there are none. */
export function renderEvaluations(evaluations, { title, testId }) {
  if (!evaluations?.length) return null;
  return h(
    'section',
    { class: 'detail-group evaluations', 'data-testid': testId },
    h('h3', null, title),
    h(
      'table',
      { class: 'kv-table' },
      h('caption', null, title),
      h('thead', null, h('tr', null, ['Evaluation', 'Score', 'Comment', 'Source', 'User', 'Recorded'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        null,
        evaluations.map((e) =>
          h(
            'tr',
            { 'data-testid': `${testId}-row`, 'data-span-id': e.spanId, class: e.label === 'thumbs_down' ? 'evaluation-down' : '' },
            h('th', { scope: 'row' }, toText(e.name)),
            h('td', { 'data-testid': 'evaluation-score' }, scoreText(e)),
            h('td', { 'data-testid': 'evaluation-comment' }, toText(e.explanation ?? '—')),
            h('td', null, toText(e.source ?? '—')),
            h('td', null, toText(e.userId ?? '—')),
            h('td', null, formatTime(e.timeMs)),
          ),
        ),
      ),
    ),
  );
}

/** A prompt version as `name@version` (the name alone for a prompt without versions). */
export const promptLabel = (p) => (p.version ? `${p.name}@${p.version}` : p.name);

/** The prompt versions a turn used. */
export function promptsText(prompts) {
  return prompts?.length ? prompts.map(promptLabel).join(', ') : '—';
}
