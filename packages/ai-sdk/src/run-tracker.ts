// The integration's bookkeeping: the bounded registry of the calls it traces, which
// calls it owns (see call-owners.ts), and the turn ids read from runtimeContext.
import { type Agentspan, type PromptRef, RunExpiredError, RunRegistry, toPromptRef } from '@agentspan/core';
import { claimCall, releaseCall } from './call-owners.js';
import type { ResolvedOptions } from './options.js';
import { type RunState, closeChildren } from './run-state.js';

export const FRAMEWORK = 'ai-sdk';

export class RunTracker {
  readonly as: Agentspan;
  private readonly runs: RunRegistry<RunState>;

  constructor(readonly options: ResolvedOptions) {
    this.as = options.agentspan;
    this.runs = new RunRegistry<RunState>({
      maxSize: this.as.config.runMaxSize,
      ttlMs: this.as.config.runTtlMs,
      onExpire: (state, ageMs) => {
        const error = new RunExpiredError(ageMs);
        closeChildren(state, 'fail', error);
        state.agent?.fail(error);
        releaseCall(state.callId, this);
      },
    });
  }

  /** Whether this instance traces the call (first instance to see it). */
  claim(callId: string): boolean {
    return !this.runs.has(callId) && claimCall(callId, this);
  }

  get(callId: unknown): RunState | undefined {
    return typeof callId === 'string' ? this.runs.get(callId) : undefined;
  }

  add(state: RunState): void {
    this.runs.set(state.callId, state);
  }

  /** The run's end was reported: forget it. */
  finish(state: RunState): void {
    this.runs.delete(state.callId);
    releaseCall(state.callId, this);
  }

  /** Number of calls in flight (tests, diagnostics). */
  get size(): number {
    return this.runs.size;
  }

  /** Ends every run in flight as expired (shutdown, tests). */
  clear(): void {
    this.runs.clear();
  }

  /** The prompt in the call's runtimeContext (the key the options name), if any. */
  prompt(runtimeContext: unknown): PromptRef | undefined {
    if (typeof runtimeContext !== 'object' || runtimeContext === null) return undefined;
    const value = (runtimeContext as Record<string, unknown>)[this.options.promptKey];
    return value === undefined ? undefined : toPromptRef(value);
  }

  /** Conversation and user ids from the call's runtimeContext (the keys the options name). */
  ids(runtimeContext: unknown): { conversationId: string | undefined; userId: string | undefined } {
    if (typeof runtimeContext !== 'object' || runtimeContext === null) {
      return { conversationId: undefined, userId: undefined };
    }
    const rc = runtimeContext as Record<string, unknown>;
    const conversationId = rc[this.options.conversationIdKey];
    const userId = rc[this.options.userIdKey];
    return {
      conversationId: typeof conversationId === 'string' && conversationId !== '' ? conversationId : undefined,
      userId: typeof userId === 'string' && userId !== '' ? userId : undefined,
    };
  }
}
