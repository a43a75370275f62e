// Search hits on a turn's page: a matcher that mirrors the server's full-text search (words of
// letters and digits, case-insensitive, the last word of a term a prefix, CJK characters each a
// word), which spans contain a hit, and <mark> around the hits in rendered text.
import { toText } from './text.js';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_ALL = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])/gu;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function termPattern(term) {
  const words = term.replace(CJK_ALL, ' $1 ').match(WORD);
  if (!words) return null;
  let pattern = CJK.test(words[0]) ? '' : '(?<![\\p{L}\\p{N}\\p{M}])';
  words.forEach((word, i) => {
    if (i > 0) pattern += CJK.test(word) && CJK.test(words[i - 1]) ? '[^\\p{L}\\p{N}]*' : '[^\\p{L}\\p{N}]+';
    pattern += escapeRegExp(word);
  });
  // The last word is a prefix: the hit runs to the end of the word.
  return CJK.test(words.at(-1)) ? pattern : `${pattern}[\\p{L}\\p{N}\\p{M}]*`;
}

/** The terms of a search: words separated by spaces, or "quoted phrases" (as the server reads them). */
function searchTerms(search) {
  return [...(search ?? '').matchAll(/"([^"]*)"?|(\S+)/g)].map((m) => (m[1] ?? m[2] ?? '').trim()).filter(Boolean);
}

/** A global, case-insensitive RegExp for the search, or null when it has no word. */
export function searchMatcher(search) {
  const patterns = searchTerms(search).map(termPattern).filter(Boolean);
  if (patterns.length === 0) return null;
  return new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'giu');
}

function matches(value, re) {
  if (typeof value === 'string') {
    re.lastIndex = 0;
    return re.test(value);
  }
  if (Array.isArray(value)) return value.some((v) => matches(v, re));
  return value !== null && typeof value === 'object' ? matches(toText(value), re) : false;
}

/** True when the span's name, status message, attribute values or events contain a hit. */
export function spanHasHit(span, re) {
  if (matches(span.name, re) || matches(span.status?.message, re)) return true;
  if (Object.values(span.attributes ?? {}).some((v) => matches(v, re))) return true;
  return (span.events ?? []).some((e) => matches(e.name, re) || Object.values(e.attributes ?? {}).some((v) => matches(v, re)));
}

/** Wraps every hit in the text under `root` in <mark class="hit">; returns the number of hits. */
export function highlight(root, re) {
  if (!re) return 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => (node.parentElement?.closest('mark, script, style') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const nodes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
  let count = 0;
  for (const node of nodes) {
    const text = node.data;
    re.lastIndex = 0;
    const found = [...text.matchAll(re)].filter((m) => m[0] !== '');
    if (found.length === 0) continue;
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const m of found) {
      if (m.index > last) fragment.append(text.slice(last, m.index));
      const mark = document.createElement('mark');
      mark.className = 'hit';
      mark.textContent = m[0];
      fragment.append(mark);
      last = m.index + m[0].length;
      count += 1;
    }
    if (last < text.length) fragment.append(text.slice(last));
    node.replaceWith(fragment);
  }
  return count;
}
