// The bookkeeping of a hostile-input suite: cases sent at once to a traced app and its bare
// twin, each request carrying its case id (`x-case`), what each app saw of each case, and
// errors that escaped to the process (none may).

export type Twin = 'traced' | 'bare';

export interface TwinOutcome<C, A, S> {
  case: C;
  id: string;
  traced: A;
  bare: A;
  /** What the traced app's handlers saw (undefined: the request never reached them). */
  seenTraced: S | undefined;
  seenBare: S | undefined;
}

export class Twins<C, S extends object> {
  private readonly cases = new Map<string, C>();
  private readonly seen: Record<Twin, Map<string, S>> = { traced: new Map(), bare: new Map() };
  private seq = 0;
  private readonly escapes: unknown[] = [];
  private readonly onEscape = (error: unknown) => this.escapes.push(error);
  /** Requests sent to each twin, and those that reached the traced app's handlers. */
  requests = 0;
  reached = 0;

  /** Errors that escaped to the process while watching. */
  get escaped(): readonly unknown[] {
    return this.escapes;
  }

  watchEscapes(): void {
    process.on('uncaughtException', this.onEscape);
    process.on('unhandledRejection', this.onEscape);
  }

  stopWatching(): void {
    process.off('uncaughtException', this.onEscape);
    process.off('unhandledRejection', this.onEscape);
  }

  /** The case a request carries. */
  caseOf(headers: Record<string, unknown>): C {
    return this.cases.get(String(headers['x-case'])) as C;
  }

  /** What `twin` saw of the case a request carries, made on first use. */
  record(twin: Twin, headers: Record<string, unknown>): S {
    const id = String(headers['x-case']);
    const known = this.seen[twin].get(id);
    if (known) return known;
    const made = {} as S;
    this.seen[twin].set(id, made);
    return made;
  }

  /** Sends the batch to both twins at once; `forget` the outcomes once checked. */
  async send<A>(batch: readonly C[], send: (twin: Twin, id: string, c: C) => Promise<A>): Promise<TwinOutcome<C, A, S>[]> {
    const ids = batch.map((c) => {
      const id = `case-${++this.seq}`;
      this.cases.set(id, c);
      return id;
    });
    const [traced, bare] = await Promise.all(
      (['traced', 'bare'] as const).map((twin) => Promise.all(batch.map((c, i) => send(twin, ids[i] as string, c)))),
    );
    const outcomes = batch.map((c, i) => {
      const id = ids[i] as string;
      return { case: c, id, traced: traced?.[i] as A, bare: bare?.[i] as A, seenTraced: this.seen.traced.get(id), seenBare: this.seen.bare.get(id) };
    });
    this.requests += batch.length;
    this.reached += outcomes.filter((o) => o.seenTraced !== undefined).length;
    return outcomes;
  }

  /** Drops the cases (after the run's checks: work a client left may still be running until then). */
  forget(outcomes: readonly { id: string }[]): void {
    for (const { id } of outcomes) {
      this.cases.delete(id);
      this.seen.traced.delete(id);
      this.seen.bare.delete(id);
    }
  }
}
