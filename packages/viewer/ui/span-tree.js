// Orders a turn's spans as a tree, depth first, siblings by start time, then end time, then
// tool call id, then name (the spec's sibling order). Spans whose parent is not in the
// turn become roots; a malformed parent cycle cannot loop.

const TOOL_CALL_ID = 'gen_ai.tool.call.id';

function compareSiblings(a, b) {
  return (
    a.startTimeMs - b.startTimeMs ||
    a.endTimeMs - b.endTimeMs ||
    String(a.attributes?.[TOOL_CALL_ID] ?? '').localeCompare(String(b.attributes?.[TOOL_CALL_ID] ?? '')) ||
    a.name.localeCompare(b.name)
  );
}

/** [{ span, depth, childCount }] in display order. */
export function flattenSpanTree(spans) {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const children = new Map();
  const roots = [];
  for (const span of spans) {
    const parent = span.parentSpanId;
    if (parent && parent !== span.spanId && byId.has(parent)) {
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(span);
    } else roots.push(span);
  }
  for (const list of children.values()) list.sort(compareSiblings);
  roots.sort(compareSiblings);

  const rows = [];
  const seen = new Set();
  const visit = (start) => {
    const stack = [{ span: start, depth: 0 }];
    while (stack.length > 0) {
      const { span, depth } = stack.pop();
      if (seen.has(span.spanId)) continue;
      seen.add(span.spanId);
      const kids = children.get(span.spanId) ?? [];
      rows.push({ span, depth, childCount: kids.length });
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i], depth: depth + 1 });
    }
  };
  for (const root of roots) visit(root);
  // Spans caught in a parent cycle: shown flat at the end rather than dropped.
  for (const span of [...spans].sort(compareSiblings)) if (!seen.has(span.spanId)) visit(span);
  return rows;
}

/** The turn's time window: earliest start and latest end of its spans. */
export function timeWindow(spans) {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    start = Math.min(start, span.startTimeMs);
    end = Math.max(end, span.endTimeMs);
  }
  if (!Number.isFinite(start)) return { start: 0, end: 0, duration: 0 };
  return { start, end, duration: Math.max(0, end - start) };
}

/** A span's family for colour: agent, model, tool, retrieval, memory, http or other. */
export function spanFamily(span) {
  const operation = span.attributes?.['gen_ai.operation.name'];
  if (operation === 'invoke_agent' || operation === 'invoke_workflow') return 'agent';
  if (['chat', 'generate_content', 'text_completion', 'embeddings'].includes(operation)) return 'model';
  if (operation === 'execute_tool') return 'tool';
  if (operation === 'retrieval' || operation === 'rerank') return 'retrieval';
  if (typeof operation === 'string' && operation.endsWith('_memory')) return 'memory';
  if (span.kind === 'server') return 'http';
  return 'other';
}
