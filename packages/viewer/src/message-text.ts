// Readable text out of captured GenAI messages (`gen_ai.input.messages` and friends: JSON with
// role and parts). Any value is tolerated: malformed JSON is returned as the raw text it is.

/** The most text kept for one message in a conversation view. */
const MAX_TEXT = 8 * 1024;

function clip(text: string): string {
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

function parse(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Text of a value that may be anything: strings as they are, the rest as JSON. */
export function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

interface Message {
  role: string | null;
  text: string;
}

function message(value: unknown): Message {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { role: null, text: plainText(value) };
  const record = value as Record<string, unknown>;
  const role = typeof record.role === 'string' ? record.role : null;
  const parts = Array.isArray(record.parts) ? record.parts : null;
  if (parts === null) return { role, text: typeof record.content === 'string' ? record.content : plainText(value) };
  const texts = parts
    .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null && (p as { type?: unknown }).type === 'text')
    .map((p) => plainText(p.content));
  return { role, text: texts.join('\n') };
}

function messages(value: unknown): Message[] {
  const parsed = parse(value);
  if (typeof parsed === 'string') return [{ role: null, text: parsed }];
  return (Array.isArray(parsed) ? parsed : [parsed]).map(message);
}

/** The last user message of a model call's input (the turn's new question), or null. */
export function lastUserText(inputMessages: unknown): string | null {
  if (inputMessages === undefined) return null;
  const all = messages(inputMessages);
  const users = all.filter((m) => m.role === 'user' && m.text !== '');
  const chosen = users.at(-1) ?? all.filter((m) => m.role === null && m.text !== '').at(-1);
  return chosen === undefined ? null : clip(chosen.text);
}

/** The text a model call answered with (assistant text parts), or null when there is none. */
export function answerText(outputMessages: unknown): string | null {
  if (outputMessages === undefined) return null;
  const text = messages(outputMessages)
    .filter((m) => m.role !== 'user' && m.text !== '')
    .map((m) => m.text)
    .join('\n');
  return text === '' ? null : clip(text);
}

/** A captured tool argument or result as text. */
export function contentText(value: unknown): string | null {
  return value === undefined ? null : clip(plainText(value));
}
