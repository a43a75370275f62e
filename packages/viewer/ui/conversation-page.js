// A conversation: every turn of one gen_ai.conversation.id in order, read as the dialogue it
// was — the user's message, the tools the agent called, the answer — with each turn's tokens,
// cost, latency and time to first token, and the conversation's totals.
import { ApiError, fetchConversation } from './api.js';
import { comparePath } from './compare-picks.js';
import { field, h, replaceChildren } from './dom.js';
import { costNote, formatDuration, formatInt, formatKnownCost, formatTime } from './format.js';
import { turnPath } from './router.js';
import { toText } from './text.js';
import { LIST_URL_KEY } from './turn-page.js';
import { serviceText, statusText } from './turn-table.js';

const POLL_MS = 5000;

function bubble(role, text, testId) {
  return h('div', { class: `bubble bubble-${role}`, 'data-testid': testId }, h('p', { class: 'bubble-role' }, role), h('p', { class: 'bubble-text' }, text));
}

function toolList(tools) {
  if (tools.length === 0) return null;
  return h(
    'ul',
    { class: 'tool-calls', 'aria-label': 'Tools called' },
    tools.map((tool) =>
      h(
        'li',
        { class: `tool-call${tool.status === 'error' ? ' failed' : ''}`, 'data-testid': 'conversation-tool' },
        h(
          'details',
          null,
          h(
            'summary',
            null,
            h('code', null, tool.name),
            ` · ${formatDuration(tool.durationMs)}`,
            tool.status === 'error' ? h('span', { class: 'badge badge-error' }, ['error', tool.errorType].filter(Boolean).join(' · ')) : null,
          ),
          tool.arguments === null ? null : h('pre', { class: 'json' }, h('code', null, `arguments: ${tool.arguments}`)),
          tool.result === null ? null : h('pre', { class: 'json' }, h('code', null, `result: ${tool.result}`)),
          tool.arguments === null && tool.result === null ? h('p', { class: 'muted' }, 'Arguments and result were not captured.') : null,
        ),
      ),
    ),
  );
}

function turnCard(entry, index, previous) {
  const { turn } = entry;
  const status = statusText(turn);
  const failed = status !== 'ok';
  const answer =
    entry.answer !== null
      ? bubble('assistant', entry.answer, 'conversation-answer')
      : failed
        ? h('p', { class: 'error-banner', 'data-testid': 'conversation-answer' }, `No answer: the turn failed (${status}).`)
        : null;
  return h(
    'li',
    { class: `conversation-turn${failed ? ' failed' : ''}`, 'data-testid': 'conversation-turn', 'data-trace-id': turn.traceId },
    h(
      'div',
      { class: 'conversation-turn-head' },
      h('span', { class: 'turn-number' }, `Turn ${index + 1}`),
      h('span', { class: 'muted' }, formatTime(turn.startTimeMs)),
      h('span', null, turn.agentName ?? turn.rootName),
      h('span', { class: `badge ${failed ? 'badge-error' : 'badge-ok'}` }, status),
      h('a', { href: turnPath(turn.traceId), 'data-link': true, 'data-testid': 'conversation-open-turn' }, 'Open the turn'),
      previous ? h('a', { href: comparePath(previous.turn.traceId, turn.traceId), 'data-link': true }, 'Compare with the previous turn') : null,
    ),
    h(
      'dl',
      { class: 'fields turn-stats' },
      field('Duration', formatDuration(turn.durationMs), 'conversation-turn-duration'),
      field('TTFT', formatDuration(turn.ttftMs)),
      field('Tokens in / out', `${formatInt(turn.inputTokens)} / ${formatInt(turn.outputTokens)}`, 'conversation-turn-tokens'),
      field('Cost', h('span', { title: costNote(turn.costUsd, turn.unpricedCalls) || undefined }, formatKnownCost(turn.costUsd, turn.unpricedCalls)), 'conversation-turn-cost'),
    ),
    entry.userMessage !== null
      ? bubble('user', entry.userMessage, 'conversation-user')
      : h('p', { class: 'muted not-captured' }, entry.contentCaptured ? 'No user message in this turn.' : 'Messages were not captured (content capture is off in the app).'),
    toolList(entry.tools),
    answer,
  );
}

function totalsBlock(conversation) {
  const t = conversation.totals;
  return h(
    'dl',
    { class: 'fields turn-fields', 'data-testid': 'conversation-totals' },
    field('Turns', formatInt(t.turns), 'conversation-total-turns'),
    field('Failed turns', formatInt(t.errors)),
    field('Input tokens', formatInt(t.inputTokens), 'conversation-total-input'),
    field('Output tokens', formatInt(t.outputTokens), 'conversation-total-output'),
    field('Cost', h('span', { title: costNote(t.costUsd, t.unpricedCalls) || undefined }, formatKnownCost(t.costUsd, t.unpricedCalls)), 'conversation-total-cost'),
    field('Time in turns', formatDuration(t.durationMs), 'conversation-total-duration'),
  );
}

export function mountConversationPage(main, conversationId) {
  document.title = 'Conversation · agentspan viewer';
  const controller = new AbortController();
  const backHref = sessionStorage.getItem(LIST_URL_KEY) || '/';
  const body = h('div', null, h('p', { class: 'muted' }, 'Loading…'));
  const page = h(
    'section',
    { class: 'conversation-page', 'data-testid': 'conversation-page', 'aria-busy': 'true' },
    h('a', { class: 'back-link', href: backHref, 'data-link': true }, '← All turns'),
    body,
  );
  replaceChildren(main, page);
  let timer = 0;
  let last = '';

  function render(conversation) {
    const first = conversation.turns[0]?.turn;
    replaceChildren(
      body,
      h(
        'header',
        { class: 'turn-header-block' },
        h('h1', null, 'Conversation ', h('code', { 'data-testid': 'conversation-id' }, conversation.conversationId)),
        h(
          'p',
          { class: 'muted' },
          first ? `${serviceText(first)} · user ${toText(first.userId ?? '—')} · started ${formatTime(first.startTimeMs)}` : '',
          ' · ',
          h('a', { href: `/?${new URLSearchParams({ conversation: conversation.conversationId })}`, 'data-link': true }, 'its turns in the list'),
        ),
        totalsBlock(conversation),
        conversation.truncated ? h('p', { class: 'muted' }, `The newest ${conversation.turns.length} turns are shown.`) : null,
      ),
      h('ol', { class: 'conversation', 'data-testid': 'conversation' }, conversation.turns.map((entry, i) => turnCard(entry, i, conversation.turns[i - 1]))),
    );
    page.setAttribute('aria-busy', 'false');
    page.dataset.state = 'ready';
  }

  async function load() {
    try {
      const conversation = await fetchConversation(conversationId, controller.signal);
      const signature = JSON.stringify(conversation.totals) + conversation.turns.map((t) => t.turn.traceId).join();
      if (signature !== last) {
        last = signature;
        document.title = `Conversation ${toText(conversationId)} · agentspan viewer`;
        try {
          render(conversation);
        } catch (error) {
          replaceChildren(body, h('p', { class: 'error-banner', role: 'alert' }, `This conversation could not be shown: ${toText(error?.message)}`));
          return;
        }
      }
      timer = setTimeout(load, POLL_MS);
    } catch (error) {
      if (error?.name === 'AbortError') return;
      page.setAttribute('aria-busy', 'false');
      const notFound = error instanceof ApiError && error.status === 404;
      replaceChildren(
        body,
        h(
          'p',
          { class: notFound ? 'empty' : 'error-banner', role: 'alert', 'data-testid': 'conversation-error' },
          notFound ? `No turn of conversation ${conversationId} is stored.` : `Could not load the conversation: ${toText(error?.message)}`,
        ),
      );
      if (!notFound) timer = setTimeout(load, POLL_MS);
    }
  }
  load();

  return () => {
    controller.abort();
    clearTimeout(timer);
  };
}
