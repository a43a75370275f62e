// A list that keeps only the rows near the viewport in the DOM, so 10,000 turns render as
// fast as 40. Rows have one fixed height and scroll with the page (one scroll bar).
// Row elements are recycled: refreshing the data re-fills them, focus and scroll stay.
import { h } from './dom.js';

/**
 * @param {object} o
 * @param {number} o.rowHeight  px
 * @param {() => HTMLElement} o.createRow   makes an empty row element
 * @param {(row: HTMLElement, index: number, count: number) => void} o.fillRow
 * @param {(first: number, last: number) => void} [o.onRange]  rows first..last are on screen
 * @param {string} [o.label]    accessible name of the list
 */
export function createVirtualList({ rowHeight, createRow, fillRow, onRange = () => {}, label, overscan = 10 }) {
  const element = h('div', { class: 'vlist', role: 'list', 'aria-label': label });
  let count = 0;
  const rendered = new Map(); // index → row element
  const pool = [];
  let frame = 0;

  function visibleRange() {
    const top = element.getBoundingClientRect().top;
    const viewport = window.innerHeight || document.documentElement.clientHeight;
    const first = Math.floor(Math.max(0, -top) / rowHeight) - overscan;
    const last = Math.ceil(Math.max(0, viewport - top) / rowHeight) + overscan;
    return [Math.max(0, first), Math.min(count - 1, last)];
  }

  function place(row, index) {
    row.style.transform = `translateY(${index * rowHeight}px)`;
    row.dataset.index = String(index);
    fillRow(row, index, count);
  }

  function recycle(index, row) {
    rendered.delete(index);
    if (row.contains(document.activeElement)) document.activeElement.blur();
    row.remove();
    pool.push(row);
  }

  function update(refill = false) {
    frame = 0;
    const [first, last] = visibleRange();
    for (const [index, row] of rendered) {
      if (index < first || index > last) recycle(index, row);
      else if (refill) place(row, index);
    }
    const fragment = document.createDocumentFragment();
    for (let index = first; index <= last; index++) {
      if (rendered.has(index)) continue;
      const row = pool.pop() ?? createRow();
      place(row, index);
      rendered.set(index, row);
      fragment.append(row);
    }
    element.append(fragment);
    if (count > 0) onRange(first, last);
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(() => update());
  }

  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule);

  return {
    element,
    /** The rows on screen (with overscan) as [first, last]. */
    range: () => visibleRange(),
    /** A new row count; rows on screen are re-filled in place. */
    setCount(next) {
      count = next;
      element.style.height = `${count * rowHeight}px`;
      for (const [index, row] of rendered) if (index >= count) recycle(index, row);
      update(true);
    },
    /** Re-fills the rows on screen (their data arrived or changed). */
    refresh: () => update(true),
    /** Scrolls row `index` into view and returns its element (rendered synchronously). */
    reveal(index) {
      if (index < 0 || index >= count) return null;
      const top = element.getBoundingClientRect().top + index * rowHeight;
      const header = 48; // the sticky column header
      if (top < header) window.scrollBy(0, top - header);
      else if (top + rowHeight > window.innerHeight) window.scrollBy(0, top + rowHeight - window.innerHeight);
      update();
      return rendered.get(index) ?? null;
    },
    destroy() {
      window.removeEventListener('scroll', schedule);
      window.removeEventListener('resize', schedule);
      if (frame) cancelAnimationFrame(frame);
    },
  };
}
