// Aligns the span trees of two turns span by span: children of matched spans are matched in
// order (a longest common subsequence) by what they do — their GenAI operation (a tool by its
// name, a retrieval by its data source), else their name — so "chat gpt-4o" pairs with
// "chat gpt-4o-mini" and a missing tool call shows as a gap, not as a shifted tree.

const OPERATION = 'gen_ai.operation.name';

/** What a span does, for pairing: the operation and its subject, else the span name. */
export function spanKey(span) {
  const attributes = span.attributes ?? {};
  const operation = attributes[OPERATION];
  if (typeof operation !== 'string') return `name:${span.name}`;
  const subject = attributes['gen_ai.tool.name'] ?? attributes['gen_ai.data_source.id'] ?? attributes['gen_ai.memory.store.id'] ?? '';
  return `op:${operation}:${typeof subject === 'string' ? subject : ''}`;
}

/** Span trees: [{ span, children }] roots, children in start order. */
export function spanTree(spans) {
  const ids = new Set(spans.map((s) => s.spanId));
  const nodes = new Map(spans.map((s) => [s.spanId, { span: s, children: [] }]));
  const roots = [];
  for (const span of [...spans].sort((a, b) => a.startTimeMs - b.startTimeMs || a.endTimeMs - b.endTimeMs)) {
    const node = nodes.get(span.spanId);
    const parent = span.parentSpanId && span.parentSpanId !== span.spanId && ids.has(span.parentSpanId) ? nodes.get(span.parentSpanId) : null;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** Index pairs [i, j] of a longest common subsequence of two key lists. */
function lcs(a, b) {
  const table = Array.from({ length: a.length + 1 }, () => new Array(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  const pairs = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

function onlyOneSide(node, depth, side, rows) {
  rows.push({ a: side === 'a' ? node.span : null, b: side === 'b' ? node.span : null, depth });
  for (const child of node.children) onlyOneSide(child, depth + 1, side, rows);
}

/** Children lists are bounded (LCS is quadratic): beyond this, spans pair by position. */
const MAX_LCS = 400;

function alignLists(listA, listB, depth, rows) {
  const pairs =
    listA.length * listB.length > MAX_LCS * MAX_LCS
      ? Array.from({ length: Math.min(listA.length, listB.length) }, (_, i) => [i, i])
      : lcs(listA.map((n) => spanKey(n.span)), listB.map((n) => spanKey(n.span)));
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [listA.length, listB.length]]) {
    // Unmatched runs between two matches: pair them by position when both sides have one
    // (a renamed or replaced step), the rest shows on its own side.
    while (i < pi && j < pj) {
      rows.push({ a: listA[i].span, b: listB[j].span, depth, unmatched: true });
      alignLists(listA[i].children, listB[j].children, depth + 1, rows);
      i++;
      j++;
    }
    for (; i < pi; i++) onlyOneSide(listA[i], depth, 'a', rows);
    for (; j < pj; j++) onlyOneSide(listB[j], depth, 'b', rows);
    if (pi < listA.length && pj < listB.length) {
      rows.push({ a: listA[pi].span, b: listB[pj].span, depth });
      alignLists(listA[pi].children, listB[pj].children, depth + 1, rows);
      i = pi + 1;
      j = pj + 1;
    }
  }
}

/** Rows { a, b, depth, unmatched? } in display order; a or b is null where one turn lacks the span. */
export function alignTurns(spansA, spansB) {
  const rows = [];
  alignLists(spanTree(spansA), spanTree(spansB), 0, rows);
  return rows;
}

const TOKENS_IN = 'gen_ai.usage.input_tokens';
const TOKENS_OUT = 'gen_ai.usage.output_tokens';
const COST = 'agentspan.cost.usd';

/** The values compared per span. */
export function spanFigures(span) {
  const a = span.attributes ?? {};
  const number = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return {
    name: span.name,
    status: span.status?.code ?? 'unset',
    inputTokens: number(a[TOKENS_IN]),
    outputTokens: number(a[TOKENS_OUT]),
    costUsd: number(a[COST]),
    durationMs: span.durationMs,
  };
}

/**
 * Which figures of a pair differ: name, status, tokens and cost when not equal; duration when
 * it changed by more than 20% and 1 ms (timing always varies a little).
 */
export function differences(a, b) {
  if (!a || !b) return new Set(['missing']);
  const fa = spanFigures(a);
  const fb = spanFigures(b);
  const changed = new Set();
  for (const key of ['name', 'status', 'inputTokens', 'outputTokens', 'costUsd']) {
    if (fa[key] !== fb[key] && !(key === 'costUsd' && fa.costUsd !== null && fb.costUsd !== null && Math.abs(fa.costUsd - fb.costUsd) < 1e-12)) changed.add(key);
  }
  const delta = Math.abs(fa.durationMs - fb.durationMs);
  if (delta > 1 && delta > 0.2 * Math.min(fa.durationMs, fb.durationMs)) changed.add('durationMs');
  return changed;
}
