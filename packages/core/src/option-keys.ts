// Unknown option keys are configuration errors: a misspelt key (`captureContnet`) would
// otherwise be ignored and its feature silently off. One check for the core's config and
// every adapter's options, with the closest valid key as a suggestion.
import { AgentspanConfigError } from './errors.js';

/** Every key of T, listed once: a key added to T and not here fails the type check. */
export type KeyList<T> = { readonly [K in keyof Required<T>]: true };

/** Edit distance (insertions, deletions, substitutions, adjacent swaps) of two short keys. */
function distance(a: string, b: string): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= b.length; j++) rows[i]?.push(i === 0 ? j : 0);
  }
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (rows[i - 2]?.[j - 2] as number) + 1);
      row[j] = d;
    }
  }
  return rows[a.length]?.[b.length] as number;
}

/** The valid key closest to `key`, when it is close enough to be a likely typo. */
export function closestKey(key: string, valid: readonly string[]): string | undefined {
  if (key.length > 64) return undefined;
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of valid) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** A key as it may be printed: quoted and short. */
function printable(key: string): string {
  const text = JSON.stringify(key);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Throws AgentspanConfigError for the first own enumerable key of `options` that `known` does not
 * list, naming it and the closest valid key. `where` names the options ("agentspan",
 * "@agentspan/langchain").
 */
export function checkOptionKeys<T extends object>(where: string, options: T, known: KeyList<T>): void {
  const valid = Object.keys(known);
  for (const key of Object.keys(options)) {
    if (Object.hasOwn(known, key)) continue;
    const suggestion = closestKey(key, valid);
    throw new AgentspanConfigError(
      `${where}: unknown option ${printable(key)}${suggestion ? `; did you mean "${suggestion}"?` : ''} (valid options: ${valid.join(', ')})`,
    );
  }
}
