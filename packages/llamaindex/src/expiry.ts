// The safety net for operations LlamaIndex may never finish: a chat whose promise never
// settles or whose stream nobody reads, an agent run whose stream is dropped unread. Each
// open one sits in the core's bounded run registry of its Agentspan instance; one still
// open after the registry's age limit (default 10 minutes) ends with RunExpiredError.
import type { Agentspan, Operation, RunRegistry } from '@agentspan/core';
import { safely } from '@agentspan/core';

type Failable = Pick<Operation<never>, 'fail'>;

const registries = new WeakMap<Agentspan, RunRegistry<Failable>>();
let next = 0;

/** Registers an open operation; call the returned function when it ends. */
export function trackOpen(agentspan: Agentspan, op: Failable): () => void {
  return safely(
    'track operation',
    () => {
      let registry = registries.get(agentspan);
      if (!registry) {
        registry = agentspan.createRunRegistry<Failable>();
        registries.set(agentspan, registry);
      }
      const id = String(next++);
      registry.set(id, op);
      const r = registry;
      return () => {
        r.delete(id);
      };
    },
    () => {},
  );
}
