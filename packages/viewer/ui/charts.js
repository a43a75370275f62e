// Small SVG charts for the trends page, written by hand (no library, no build step): stacked
// bars and lines over time buckets, with axes, a legend, a tooltip per bucket (an SVG <title>,
// read by screen readers too) and an optional click on a bucket.
import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 560;
const HEIGHT = 200;
const MARGIN = { top: 10, right: 10, bottom: 24, left: 66 };

function svg(tag, attributes, ...children) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes ?? {})) if (value !== undefined && value !== null) element.setAttribute(key, String(value));
  for (const child of children.flat()) if (child) element.append(child instanceof Node ? child : String(child));
  return element;
}

/** A round axis maximum at or above `max`: 1, 2, 2.5 or 5 times a power of ten. */
export function niceMax(max) {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

const pad = (n) => String(n).padStart(2, '0');

/** A bucket's start as an axis label: the time of day, or the date for buckets of a day or more. */
export function timeLabel(ms, bucketMs) {
  const d = new Date(ms);
  if (bucketMs >= 86_400_000) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  if (bucketMs < 60_000) return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * @param {object} o
 * @param {string} o.title
 * @param {string} o.testId
 * @param {{ startMs: number }[]} o.buckets
 * @param {number} o.bucketMs
 * @param {{ label: string, color: string, value: (bucket) => number | null }[]} o.series
 * @param {'bars' | 'lines'} o.kind  bars are stacked
 * @param {(value: number) => string} o.format
 * @param {(bucket, index: number) => void} [o.onSelect]
 * @param {string} [o.note]  shown under the title
 */
export function createChart({ title, testId, buckets, bucketMs, series, kind, format, onSelect, note }) {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const n = Math.max(1, buckets.length);
  const step = plotWidth / n;
  const values = buckets.map((b) => series.map((s) => s.value(b)));
  const max = niceMax(
    Math.max(0, ...values.map((row) => (kind === 'bars' ? row.reduce((sum, v) => sum + (v ?? 0), 0) : Math.max(0, ...row.map((v) => v ?? 0))))),
  );
  const y = (v) => MARGIN.top + plotHeight - (v / max) * plotHeight;
  const x = (i) => MARGIN.left + i * step;

  const empty = values.every((row) => row.every((v) => !v));
  const grid = (empty ? [0] : [0, 0.5, 1]).map((f) =>
    svg(
      'g',
      { class: 'chart-grid' },
      svg('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(max * f), y2: y(max * f) }),
      svg('text', { x: MARGIN.left - 6, y: y(max * f) + 4, 'text-anchor': 'end' }, format(max * f)),
    ),
  );
  const labelEvery = Math.max(1, Math.ceil(n / 6));
  const xLabels = buckets.map((b, i) =>
    i % labelEvery === 0 ? svg('text', { class: 'chart-x', x: x(i) + step / 2, y: HEIGHT - 6, 'text-anchor': 'middle' }, timeLabel(b.startMs, bucketMs)) : null,
  );

  const marks = [];
  if (kind === 'bars') {
    values.forEach((row, i) => {
      let base = 0;
      row.forEach((v, s) => {
        if (!v) return;
        marks.push(
          svg('rect', {
            class: 'chart-bar',
            x: x(i) + step * 0.12,
            width: Math.max(1, step * 0.76),
            y: y(base + v),
            height: Math.max(0.5, y(base) - y(base + v)),
            fill: series[s].color,
            'data-series': s,
            'data-index': i,
          }),
        );
        base += v;
      });
    });
  } else {
    series.forEach((s, index) => {
      let path = '';
      values.forEach((row, i) => {
        const v = row[index];
        if (v === null || v === undefined) return;
        const px = x(i) + step / 2;
        path += `${path && values[i - 1]?.[index] != null ? 'L' : 'M'}${px.toFixed(1)},${y(v).toFixed(1)}`;
        marks.push(svg('circle', { class: 'chart-point', cx: px, cy: y(v), r: 2.2, fill: s.color }));
      });
      if (path) marks.unshift(svg('path', { class: 'chart-line', d: path, stroke: s.color }));
    });
  }

  // One transparent column per bucket: the tooltip, and the click target.
  const columns = buckets.map((b, i) => {
    const text = `${timeLabel(b.startMs, bucketMs)}: ${series.map((s, k) => `${s.label} ${values[i][k] === null || values[i][k] === undefined ? '—' : format(values[i][k])}`).join(', ')}`;
    const column = svg('rect', { class: `chart-column${onSelect ? ' clickable' : ''}`, x: x(i), y: MARGIN.top, width: step, height: plotHeight, 'data-index': i }, svg('title', null, text));
    if (onSelect) column.addEventListener('click', () => onSelect(b, i));
    return column;
  });

  const chart = svg(
    'svg',
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': title, class: 'chart-svg' },
    grid,
    xLabels,
    marks,
    columns,
  );
  const legend = h(
    'ul',
    { class: 'chart-legend' },
    series.map((s) => h('li', null, h('span', { class: 'swatch', style: { background: s.color } }), s.label)),
  );
  return h('figure', { class: 'chart', 'data-testid': testId }, h('figcaption', null, title, note ? h('span', { class: 'muted chart-note' }, ` ${note}`) : null), chart, legend);
}
