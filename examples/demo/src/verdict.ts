// Whether the producers' turns are the same tree: each turn's invoke_agent subtree (the
// HTTP producers put the request's server span above it), compared with the canonical S1
// tree; the first difference named when they are not.
import type { NormalizedSpan, NormalizedTrace } from '@agentspan/conformance/runner';

/** The invoke_agent span of a normalised trace, under a server span or at the root. */
export function agentTurn(trace: NormalizedTrace | undefined): NormalizedSpan | undefined {
  const root = trace?.[0];
  if (root?.kind === 'SERVER') return root.children[0];
  return root;
}

const show = (value: unknown) => JSON.stringify(value);

/** The first place where `actual` differs from `expected`, or undefined when they are equal. */
export function firstDifference(actual: NormalizedSpan, expected: NormalizedSpan, path = ''): string | undefined {
  const here = path ? `${path} › ${expected.name}` : expected.name;
  if (actual.name !== expected.name) return `${path || 'root'}: span ${show(actual.name)} instead of ${show(expected.name)}`;
  if (actual.kind !== expected.kind) return `${here}: kind ${actual.kind}, expected ${expected.kind}`;
  if (actual.status !== expected.status) return `${here}: status ${actual.status}, expected ${expected.status}`;
  const keys = [...new Set([...Object.keys(expected.attributes), ...Object.keys(actual.attributes)])].sort();
  for (const key of keys) {
    const [a, e] = [actual.attributes[key], expected.attributes[key]];
    if (show(a) !== show(e)) return `${here}: ${key} = ${show(a) ?? 'missing'}, expected ${show(e) ?? 'missing'}`;
  }
  if (show(actual.events) !== show(expected.events)) return `${here}: events ${show(actual.events)}, expected ${show(expected.events)}`;
  const names = (s: NormalizedSpan) => s.children.map((c) => c.name);
  if (actual.children.length !== expected.children.length)
    return `${here}: children ${show(names(actual))}, expected ${show(names(expected))}`;
  for (const [i, child] of expected.children.entries()) {
    const found = firstDifference(actual.children[i]!, child, here);
    if (found) return found;
  }
  return undefined;
}
