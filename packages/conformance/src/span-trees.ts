// Finished spans as trees: what tests and printers walk. Roots are the spans whose parent
// is not among them (not exported, or another process's); children in start order.
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

export interface SpanNode {
  span: ReadableSpan;
  name: string;
  children: SpanNode[];
}

function ns(t: [number, number]): number {
  return t[0] * 1e9 + t[1];
}

function byStart(a: SpanNode, b: SpanNode): number {
  return ns(a.span.startTime) - ns(b.span.startTime) || ns(a.span.endTime) - ns(b.span.endTime);
}

function sortAll(list: SpanNode[]): void {
  list.sort(byStart);
  for (const node of list) sortAll(node.children);
}

export function spanTrees(spans: readonly ReadableSpan[]): SpanNode[] {
  const nodes = new Map(spans.map((s) => [s.spanContext().spanId, { span: s, name: s.name, children: [] as SpanNode[] }]));
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parentId = node.span.parentSpanContext?.spanId;
    const parent = parentId ? nodes.get(parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  sortAll(roots);
  return roots;
}
