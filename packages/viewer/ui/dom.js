// Builds DOM nodes from data. Text always goes in through text nodes, never innerHTML: span
// names, attributes and captured messages come from the traced application. Any value becomes
// text without calling its own methods, and hidden characters (bidi, controls) show as markers.
import { escapedText, toText, visibleText } from './text.js';

const PROPERTIES = new Set(['value', 'checked', 'selected', 'disabled', 'hidden', 'tabIndex']);

/**
 * h('a', { href, class: 'x', onClick }, 'text', child) → HTMLElement.
 * Props: class, dataset, style (object), on<Event> listeners, DOM properties, attributes.
 */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  if (props) {
    for (const [key, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') element.className = value;
      else if (key === 'dataset') Object.assign(element.dataset, value);
      else if (key === 'style') Object.assign(element.style, value);
      else if (key.startsWith('on') && typeof value === 'function') {
        element.addEventListener(key.slice(2).toLowerCase(), value);
      } else if (PROPERTIES.has(key)) element[key] = value;
      else if (key === 'title' || key === 'aria-label') element.setAttribute(key, escapedText(value));
      else element.setAttribute(key, value === true ? '' : toText(value));
    }
  }
  appendChildren(element, children);
  return element;
}

/** Appends nodes, and any other value as visible text; skips null, undefined and false. */
export function appendChildren(parent, children) {
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : visibleText(child));
  }
  return parent;
}

/** Replaces every child of `parent`. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  return appendChildren(parent, children);
}

/** A definition-list row: <div><dt>label</dt><dd>value</dd></div>. */
export function field(label, value, testId) {
  return h('div', { class: 'field' }, h('dt', null, label), h('dd', { 'data-testid': testId }, value));
}
