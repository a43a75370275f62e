// Captured content (when the application turned capture on; already redacted by the core):
// system instructions, input and output messages as a readable conversation, and the other
// content attributes as pretty JSON. Malformed JSON is shown as the raw text it is.
import { h } from './dom.js';
import { toText } from './text.js';

const LABELS = {
  'gen_ai.tool.definitions': 'Tool definitions',
  'gen_ai.tool.call.arguments': 'Tool call arguments',
  'gen_ai.tool.call.result': 'Tool call result',
  'gen_ai.retrieval.query.text': 'Retrieval query',
  'gen_ai.retrieval.documents': 'Retrieved documents',
  'gen_ai.memory.query.text': 'Memory query',
  'gen_ai.memory.records': 'Memory records',
};

function parse(value) {
  if (typeof value !== 'string') return { ok: true, value };
  try {
    return { ok: true, value: JSON.parse(value) };
  } catch {
    return { ok: false, value };
  }
}

function pretty(value) {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value, null, 2) ?? '';
  } catch {
    return toText(value);
  }
}

function block(value) {
  return h('pre', { class: 'json' }, h('code', null, pretty(value)));
}

function renderPart(part) {
  if (!part || typeof part !== 'object') return h('p', { class: 'part-text' }, toText(part));
  switch (part.type) {
    case 'text':
      return h('p', { class: 'part-text' }, toText(part.content));
    case 'reasoning':
      return h('details', { class: 'part-reasoning' }, h('summary', null, 'Reasoning'), h('p', { class: 'part-text' }, toText(part.content)));
    case 'tool_call':
      return h(
        'div',
        { class: 'part-tool', 'data-testid': 'message-tool-call' },
        h('p', { class: 'part-head' }, 'Tool call ', h('code', null, part.name === undefined ? '?' : toText(part.name)), part.id ? ` · ${toText(part.id)}` : ''),
        part.arguments === undefined ? null : block(parse(part.arguments).value),
      );
    case 'tool_call_response':
      return h(
        'div',
        { class: 'part-tool', 'data-testid': 'message-tool-result' },
        h('p', { class: 'part-head' }, 'Tool result', part.id ? ` · ${toText(part.id)}` : ''),
        block(parse(part.response).value),
      );
    default:
      return h('div', { class: 'part-other' }, h('p', { class: 'part-head' }, part.type === undefined ? 'part' : toText(part.type)), block(part));
  }
}

function renderMessage(message, fallbackRole) {
  if (!message || typeof message !== 'object') {
    return h('li', { class: 'message', 'data-testid': 'message' }, block(message));
  }
  const role = typeof message.role === 'string' ? message.role : fallbackRole;
  const parts = Array.isArray(message.parts) ? message.parts : [];
  return h(
    'li',
    { class: `message role-${role.replace(/[^a-z_-]/gi, '')}`, 'data-testid': 'message', 'data-role': role },
    h(
      'p',
      { class: 'message-role' },
      role,
      message.name ? ` · ${toText(message.name)}` : '',
      message.finish_reason ? h('span', { class: 'muted' }, ` · finish: ${toText(message.finish_reason)}`) : null,
    ),
    parts.length > 0 ? parts.map(renderPart) : block(message),
  );
}

function messagesOf(value, fallbackRole) {
  const parsed = parse(value);
  if (!parsed.ok) return [h('li', { class: 'message', 'data-testid': 'message' }, h('p', { class: 'message-role' }, `${fallbackRole} (raw)`), block(parsed.value))];
  const list = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  return list.map((message) => renderMessage(message, fallbackRole));
}

/** The system instructions: a string or a list of parts. */
function systemMessage(value) {
  const parsed = parse(value);
  if (!parsed.ok || typeof parsed.value === 'string') {
    return [renderMessage({ role: 'system', parts: [{ type: 'text', content: toText(parsed.value) }] }, 'system')];
  }
  const parts = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  return [renderMessage({ role: 'system', parts }, 'system')];
}

/** The content sections of a span, or null when it carries no captured content. */
export function renderCapturedContent(attributes) {
  const sections = [];
  const system = attributes['gen_ai.system_instructions'];
  const input = attributes['gen_ai.input.messages'];
  const output = attributes['gen_ai.output.messages'];
  if (system !== undefined || input !== undefined || output !== undefined) {
    sections.push(
      h(
        'section',
        { class: 'detail-group', 'data-testid': 'messages' },
        h('h3', null, 'Conversation'),
        h(
          'ol',
          { class: 'messages' },
          system === undefined ? null : systemMessage(system),
          input === undefined ? null : messagesOf(input, 'user'),
          output === undefined ? null : [h('li', { class: 'messages-divider', 'aria-hidden': 'true' }, 'response'), messagesOf(output, 'assistant')],
        ),
      ),
    );
  }
  const other = Object.keys(LABELS).filter((key) => attributes[key] !== undefined);
  if (other.length > 0) {
    sections.push(
      h(
        'section',
        { class: 'detail-group', 'data-testid': 'captured-content' },
        h('h3', null, 'Captured content'),
        other.map((key) => h('div', { class: 'content-item' }, h('h4', null, LABELS[key], h('span', { class: 'muted key' }, ` ${key}`)), block(parse(attributes[key]).value))),
      ),
    );
  }
  return sections.length > 0 ? sections : null;
}
