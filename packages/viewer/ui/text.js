// Any stored value as text, safely: never through a value's own toString/valueOf (a captured
// `{"toString":1}` must not throw), and with the characters that hide or reorder text —
// bidi overrides and isolates, zero-width characters, C0/C1 controls — made visible, so a span
// name cannot pass for something it is not.

/** Bidi, zero-width and separator characters, with the short names shown for them. */
const NAMED = {
  '\u061C': 'ALM',
  '\u200B': 'ZWSP',
  '\u200C': 'ZWNJ',
  '\u200D': 'ZWJ',
  '\u200E': 'LRM',
  '\u200F': 'RLM',
  '\u2028': 'LS',
  '\u2029': 'PS',
  '\u202A': 'LRE',
  '\u202B': 'RLE',
  '\u202C': 'PDF',
  '\u202D': 'LRO',
  '\u202E': 'RLO',
  '\u2060': 'WJ',
  '\u2066': 'LRI',
  '\u2067': 'RLI',
  '\u2068': 'FSI',
  '\u2069': 'PDI',
  '\uFEFF': 'BOM',
};
/** Every character shown as a marker (\t and \n stay as they are). */
const HIDDEN_CLASS = '[\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2060\\u2066-\\u2069\\uFEFF]';
const HIDDEN = new RegExp(HIDDEN_CLASS);
const HIDDEN_ALL = new RegExp(HIDDEN_CLASS, 'g');

/** Names of the C0 controls (\t and \n are never markers), and DEL. */
const C0 = ['NUL', 'SOH', 'STX', 'ETX', 'EOT', 'ENQ', 'ACK', 'BEL', 'BS', 'HT', 'LF', 'VT', 'FF', 'CR', 'SO', 'SI', 'DLE', 'DC1', 'DC2', 'DC3', 'DC4', 'NAK', 'SYN', 'ETB', 'CAN', 'EM', 'SUB', 'ESC', 'FS', 'GS', 'RS', 'US'];

const hex = (ch) => `U+${ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The marker text for a hidden character: ⟨RLO⟩, ⟨ESC⟩, ⟨U+0085⟩ (plain letters: every font has them). */
export function markerText(ch) {
  if (NAMED[ch]) return `⟨${NAMED[ch]}⟩`;
  const code = ch.codePointAt(0);
  if (code < 0x20) return `⟨${C0[code]}⟩`;
  if (code === 0x7f) return '⟨DEL⟩';
  return `⟨${hex(ch)}⟩`;
}

/** A value as a plain string, whatever it is (objects as JSON; never calls its methods). */
export function toText(value) {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'symbol') return value.description ?? '';
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** The text with hidden characters written as escapes (for attributes such as title). */
export function escapedText(value) {
  return toText(value).replace(HIDDEN_ALL, (ch) => `\\u${hex(ch).slice(2)}`);
}

/**
 * The value as DOM content: a string when it holds nothing hidden (the common case), else a
 * fragment of text and marker elements.
 */
export function visibleText(value) {
  const text = toText(value);
  if (!HIDDEN.test(text)) return text;
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const match of text.matchAll(HIDDEN_ALL)) {
    if (match.index > last) fragment.append(text.slice(last, match.index));
    const marker = document.createElement('span');
    marker.className = 'hidden-char';
    marker.title = `${hex(match[0])}: a character that is normally invisible or reorders text`;
    marker.textContent = markerText(match[0]);
    fragment.append(marker);
    last = match.index + match[0].length;
  }
  if (last < text.length) fragment.append(text.slice(last));
  return fragment;
}

/** Sets an element's content to a value's visible text. */
export function setText(element, value) {
  element.replaceChildren(visibleText(value));
}
