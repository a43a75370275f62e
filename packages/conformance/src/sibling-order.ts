// Sibling order (spec, S1): by start time, then end time; siblings that overlap in time and
// share an operation (parallel tool calls) by gen_ai.tool.call.id, then name — so that an
// order the scheduler chose cannot make two conforming producers differ.

/** What ordering needs to know of a sibling. Times in nanoseconds since the epoch. */
export interface OrderedSibling {
  start: bigint;
  end: bigint;
  operation: string | undefined;
  toolCallId: string | undefined;
  name: string;
}

function compareTimes(a: OrderedSibling, b: OrderedSibling): number {
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  if (a.end !== b.end) return a.end < b.end ? -1 : 1;
  return 0;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareParallel(a: OrderedSibling, b: OrderedSibling): number {
  // A missing call id sorts after every present one.
  const byCallId = compareText(a.toolCallId ?? '\uffff', b.toolCallId ?? '\uffff');
  return byCallId !== 0 ? byCallId : compareText(a.name, b.name);
}

/** Returns a new array in sibling order. */
export function orderSiblings<T extends OrderedSibling>(siblings: readonly T[]): T[] {
  const byTime = [...siblings].sort(compareTimes);
  const ordered: T[] = [];
  let group: T[] = [];
  let groupEnd = 0n;
  const flush = (): void => {
    ordered.push(...group.sort(compareParallel));
    group = [];
  };
  for (const sibling of byTime) {
    const first = group[0];
    const joins =
      first !== undefined && sibling.operation === first.operation && sibling.start < groupEnd;
    if (!joins) flush();
    group.push(sibling);
    groupEnd = joins && groupEnd > sibling.end ? groupEnd : sibling.end;
  }
  flush();
  return ordered;
}
