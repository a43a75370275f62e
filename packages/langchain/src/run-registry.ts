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
import { RequestedToolCalls } from './tool-call-ids.js';

type RunOp =
  | { kind: 'agent'; op: AgentOperation; signal: AbortSignal | undefined }
  | { kind: 'chat'; op: ChatOperation }
  | { kind: 'tool'; op: ToolOperation }
  | { kind: 'retrieval'; op: RetrievalOperation }
  | { kind: 'framework'; op: Operation<void> }
  | { kind: 'hidden'; op: undefined };

/** One open run: its operation (none for hidden plumbing) and the context its children parent to. */
export type RunEntry = RunOp & {
  readonly childContext: Context;
  /** The tool calls asked for in the nearest agent run at or above this one (none outside agents). */
  readonly toolCalls: RequestedToolCalls | undefined;
  fail(error: unknown): void;
};

// One small object per run (this is on every callback's path), all of one shape. A run's
// operation context is only built when a child run or the execution slot asks for it:
// most leaf runs (chat, tool, retrieval) never need one.
class RunRecord {
  constructor(
    readonly kind: RunEntry['kind'],
    readonly op: Operation<never> | undefined,
    // Hidden runs: the context their children inherit (the nearest kept ancestor's).
    private readonly inherited: Context | undefined,
    readonly signal: AbortSignal | undefined,
    readonly toolCalls: RequestedToolCalls | undefined,
  ) {}

  get childContext(): Context {
    return this.op ? this.op.context : (this.inherited as Context);
  }

  fail(error: unknown): void {
    this.op?.fail(error);
  }
}

/**
 * The record of a run that has an operation; `parent` is its parent run's record. An agent
 * run starts its own list of requested tool calls; any other run shares its parent's.
 */
export function operationRun<R extends Exclude<RunOp, { kind: 'hidden' }>>(
  kind: R['kind'],
  op: R['op'],
  parent: RunEntry | undefined,
  signal?: AbortSignal,
): RunEntry {
  const toolCalls = kind === 'agent' ? new RequestedToolCalls() : parent?.toolCalls;
  return new RunRecord(kind, op as Operation<never>, undefined, signal, toolCalls) as unknown as RunEntry;
}

/** The record of a hidden plumbing run: only the context its children inherit. */
export function hiddenRun(inherited: Context, parent: RunEntry | undefined): RunEntry {
  return new RunRecord('hidden', undefined, inherited, undefined, parent?.toolCalls) as unknown as RunEntry;
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
