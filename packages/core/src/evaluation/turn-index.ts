// The turns this process finished lately, by trace id: what a later evaluation of one needs
// for its metric attributes (agent, prompt version) and its event (conversation). Bounded in
// count and age; off until something that records evaluations asks for it.
import type { PromptIdentity } from './types.js';

export interface TurnFacts {
  readonly agentName: string;
  readonly prompt: PromptIdentity | undefined;
  readonly conversationId: string | undefined;
}

interface Entry {
  readonly facts: TurnFacts;
  readonly at: number;
}

export const TURN_INDEX_DEFAULTS = { maxTurns: 10_000, ttlMs: 24 * 60 * 60 * 1000 } as const;

export class TurnIndex {
  private readonly entries = new Map<string, Entry>();
  private maxTurns = 0;
  private ttlMs: number = TURN_INDEX_DEFAULTS.ttlMs;

  get enabled(): boolean {
    return this.maxTurns > 0;
  }

  /** Turns it on, or widens it (the largest bounds asked for win). */
  enable(maxTurns: number = TURN_INDEX_DEFAULTS.maxTurns, ttlMs: number = TURN_INDEX_DEFAULTS.ttlMs): void {
    this.maxTurns = Math.max(this.maxTurns, maxTurns);
    this.ttlMs = Math.max(this.ttlMs, ttlMs);
  }

  add(traceId: string, facts: TurnFacts, now = Date.now()): void {
    if (!this.enabled) return;
    this.entries.delete(traceId);
    this.entries.set(traceId, { facts, at: now });
    // Insertion order is age order: the oldest go first.
    while (this.entries.size > this.maxTurns) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }

  get(traceId: string, now = Date.now()): TurnFacts | undefined {
    const entry = this.entries.get(traceId);
    if (!entry) return undefined;
    if (now - entry.at > this.ttlMs) {
      this.entries.delete(traceId);
      return undefined;
    }
    return entry.facts;
  }

  get size(): number {
    return this.entries.size;
  }
}
