// The safety net for operations LlamaIndex may never finish: a chat whose promise never
// settles or whose stream nobody reads, an agent run whose stream is dropped unread. Each
// open one sits in the core's bounded run registry of its Agentspan instance; one still
// open after the registry's age limit (default 10 minutes) ends with RunExpiredError.
import type { Agentspan, Operation, RunRegistry } from '@agentspan/core';
import { reportInternal } from '@agentspan/core';

type Failable = Pick<Operation<never>, 'fail'>;

const registries = new WeakMap<Agentspan, RunRegistry<Failable>>();
let next = 0;

/** An open operation's place in its registry (a handle, not a closure made per operation). */
export class OpenEntry {
  constructor(
    private readonly registry: RunRegistry<Failable>,
    private readonly id: string,
  ) {}

  /** The operation ended: it leaves the registry. */
  close(): void {
    this.registry.delete(this.id);
  }
}

/** Registers an open operation; close the returned entry when it ends (undefined on an internal fault). */
export function trackOpen(agentspan: Agentspan, op: Failable): OpenEntry | undefined {
  try {
    let registry = registries.get(agentspan);
    if (!registry) {
      registry = agentspan.createRunRegistry<Failable>();
      registries.set(agentspan, registry);
    }
    const id = String(next++);
    registry.set(id, op);
    return new OpenEntry(registry, id);
  } catch (error) {
    reportInternal('track operation', error);
    return undefined;
  }
}
