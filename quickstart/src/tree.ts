// Span trees as indented names: parsed from a README's tree block, built from the viewer's
// spans, compared as text.
export interface ViewerSpan {
  spanId: string;
  parentSpanId: string | null;
  name: string;
  startTimeMs: number;
}

/** A README tree block, normalised: one line per span, two spaces per level, names only. */
export function parseTree(block: string): string[] {
  const out: string[] = [];
  for (const raw of block.split('\n')) {
    if (!raw.trim()) continue;
    const prefix = /^[\s│├└─]*/.exec(raw)?.[0] ?? '';
    const depth = Math.round([...prefix].length / 4);
    const name = raw.slice(prefix.length).split(/\s{2,}/)[0]?.trim() ?? '';
    out.push(`${'  '.repeat(depth)}${name}`);
  }
  return out;
}

/** The trees of a set of spans, roots by start time, children in start order. */
export function renderTrees(spans: readonly ViewerSpan[]): string[] {
  const ids = new Set(spans.map((s) => s.spanId));
  const byStart = [...spans].sort((a, b) => a.startTimeMs - b.startTimeMs);
  const children = new Map<string | null, ViewerSpan[]>();
  for (const s of byStart) {
    const parent = s.parentSpanId !== null && ids.has(s.parentSpanId) ? s.parentSpanId : null;
    children.set(parent, [...(children.get(parent) ?? []), s]);
  }
  const out: string[] = [];
  const walk = (parent: string | null, depth: number): void => {
    for (const s of children.get(parent) ?? []) {
      out.push(`${'  '.repeat(depth)}${s.name}`);
      walk(s.spanId, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}
