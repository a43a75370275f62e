// Our record of LangChain's open runs, by run id. One registry per core instance, shared
// by every handler on it: a handler registered twice (or globally and per call) sees each
// run twice, and the second start finds the run already recorded and does nothing.
import {
  type AgentOperation,
  type Agentspan,
  type ChatOperation,
  type Operation,
  type RetrievalOperation,
  RunExpiredError,
  type RunRegistry,
  type ToolOperation,
} from '@agentspan/core';
import type { Context } from '@opentelemetry/api';

type RunOp =
  | { kind: 'agent'; op: AgentOperation; signal?: AbortSignal | undefined }
  | { kind: 'chat'; op: ChatOperation }
  | { kind: 'tool'; op: ToolOperation }
  | { kind: 'retrieval'; op: RetrievalOperation }
  | { kind: 'framework'; op: Operation<void> }
  | { kind: 'hidden'; op: undefined };

/** One open run: its operation (none for hidden plumbing) and the context its children parent to. */
export type RunEntry = RunOp & {
  readonly childContext: Context;
  fail(error: unknown): void;
};

// One object per run (this is on every callback's path): fields plus a shared fail().
function failRun(this: RunEntry, error: unknown): void {
  this.op?.fail(error);
}

export function runEntry<R extends RunOp>(run: R, childContext: Context): RunEntry {
  const entry = run as R & { childContext: Context; fail(error: unknown): void };
  entry.childContext = childContext;
  entry.fail = failRun;
  return entry as RunEntry;
}

const registries = new WeakMap<Agentspan, RunRegistry<RunEntry>>();

export function registryFor(agentspan: Agentspan): RunRegistry<RunEntry> {
  let registry = registries.get(agentspan);
  if (!registry) {
    // A run whose end never comes is closed as failed with RunExpiredError.
    registry = agentspan.createRunRegistry<RunEntry>((entry, ageMs) => entry.fail(new RunExpiredError(ageMs)));
    registries.set(agentspan, registry);
  }
  return registry;
}
