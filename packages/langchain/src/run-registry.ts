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
  | { kind: 'hidden'; op: undefined }
  | PendingTurnOp;

/**
 * A graph whose agents hand off to each other: its handle_conversation_turn opens when the
 * first agent runs (named after it, the entry agent), starting when the graph started.
 */
interface PendingTurnOp {
  kind: 'turn';
  op: AgentOperation | undefined;
  signal: AbortSignal | undefined;
  open(agentspan: Agentspan, entryAgent: string): void;
}

/** One open run: its operation (none for hidden plumbing) and the context its children parent to. */
export type RunEntry = RunOp & {
  readonly childContext: Context;
  /** The tool calls asked for in the nearest agent run at or above this one (none outside agents). */
  readonly toolCalls: RequestedToolCalls | undefined;
  /** Hidden runs: the conversation turn above them still waiting for its first agent. */
  readonly pendingTurn?: RunEntry;
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
    readonly pendingTurn: RunEntry | undefined = undefined,
  ) {}

  get childContext(): Context {
    if (this.op) return this.op.context;
    // Below a turn that opens later, children see it once it has.
    return this.pendingTurn ? this.pendingTurn.childContext : (this.inherited as Context);
  }

  fail(error: unknown): void {
    this.op?.fail(error);
  }
}

/**
 * The record of a run that has an operation; `parent` is its parent run's record. An agent
 * run starts its own list of requested tool calls; any other run shares its parent's.
 */
export function operationRun<R extends Exclude<RunOp, { kind: 'hidden' } | { kind: 'turn' }>>(
  kind: R['kind'],
  op: R['op'],
  parent: RunEntry | undefined,
  signal?: AbortSignal,
): RunEntry {
  const toolCalls = kind === 'agent' ? new RequestedToolCalls() : parent?.toolCalls;
  return new RunRecord(kind, op as Operation<never>, undefined, signal, toolCalls) as unknown as RunEntry;
}

/** The record of a hidden plumbing run: only the context its children inherit. */
class PendingTurn {
  readonly kind = 'turn';
  op: AgentOperation | undefined = undefined;
  readonly toolCalls = undefined;
  private readonly startTime: number;

  constructor(
    private readonly parent: Context,
    readonly signal: AbortSignal | undefined,
    private readonly conversationId: string | undefined,
    private readonly userId: string | undefined,
  ) {
    this.startTime = performance.timeOrigin + performance.now();
  }

  get childContext(): Context {
    return this.op ? this.op.context : this.parent;
  }

  open(agentspan: Agentspan, entryAgent: string): void {
    this.op ??= agentspan.startAgent({
      parent: this.parent,
      conversationId: this.conversationId,
      userId: this.userId,
      name: entryAgent,
      operation: 'handle_conversation_turn',
      framework: 'langchain',
      startTime: this.startTime,
    });
  }

  fail(error: unknown): void {
    this.op?.fail(error);
  }
}

/** The record of a graph run whose agents hand off: its turn opens with its first agent. */
export function pendingTurn(
  parent: Context,
  _parentEntry: RunEntry | undefined,
  signal: AbortSignal | undefined,
  conversationId: string | undefined,
  userId: string | undefined,
): RunEntry {
  return new PendingTurn(parent, signal, conversationId, userId) as unknown as RunEntry;
}

export function hiddenRun(inherited: Context, parent: RunEntry | undefined): RunEntry {
  const turn = parent?.kind === 'turn' ? (parent.op ? undefined : parent) : parent?.pendingTurn;
  return new RunRecord('hidden', undefined, inherited, undefined, parent?.toolCalls, turn) as unknown as RunEntry;
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
