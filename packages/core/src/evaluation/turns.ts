// Turns as evaluations see them: a turn is a top-level invocation (an invoke_agent or
// invoke_workflow with no invocation above it). While nothing watches turns (no evaluator
// hook, no remembered turns, no captureTurn waiting), a turn costs one boolean read at
// its start and end; while something does, its prompt, content and totals are kept for it.
import { type Context, type Span, context as otelContext, createContextKey } from '@opentelemetry/api';
import type { OperationNode } from '../context-state.js';
import { reportInternal } from '../safety.js';
import type { GenAIMessage, Lazy } from '../types.js';
import { turnRefOf } from './target.js';
import { type TurnFacts, TurnIndex } from './turn-index.js';
import type { PromptIdentity, TurnRef } from './types.js';

const SINK_KEY = createContextKey('agentspan.turn-sink');

interface Sink {
  turn: TurnRef | undefined;
}

/** What a turn keeps while it runs (only while something watches turns). */
class TurnRecord {
  prompt: PromptIdentity | undefined = undefined;
  input: Lazy<GenAIMessage[]> | undefined = undefined;
  output: Lazy<GenAIMessage[]> | undefined = undefined;
}

/** The end of a turn, as listeners (the evaluator hook) get it: content still unresolved. */
export interface TurnEnd {
  readonly ref: TurnRef;
  readonly sampled: boolean;
  readonly facts: TurnFacts;
  readonly operation: string;
  readonly userId: string | undefined;
  readonly durationS: number;
  readonly errorType: string | undefined;
  readonly inputTokens: number | undefined;
  readonly outputTokens: number | undefined;
  readonly costUsd: number | undefined;
  readonly llmCalls: number;
  readonly toolCalls: number;
  readonly input: Lazy<GenAIMessage[]> | undefined;
  readonly output: Lazy<GenAIMessage[]> | undefined;
}

/** What the root operation reports when it finishes. */
export interface RootFinish {
  readonly name: string;
  readonly operation: string;
  readonly conversationId: string | undefined;
  readonly userId: string | undefined;
  readonly durationS: number;
  readonly errorType: string | undefined;
  readonly totals: {
    readonly inputTokens: number | undefined;
    readonly outputTokens: number | undefined;
    readonly cost: number | undefined;
    readonly llmCalls: number;
    readonly toolCalls: number;
  };
}

export type TurnListener = (end: TurnEnd) => void;

export class TurnTracker {
  readonly index = new TurnIndex();
  private readonly records = new WeakMap<OperationNode, TurnRecord>();
  private readonly listeners = new Set<TurnListener>();
  private sinks = 0;

  /** Whether anything needs turns: when false every hook returns at once. */
  get watching(): boolean {
    return this.sinks > 0 || this.listeners.size > 0 || this.index.enabled;
  }

  /**
   * Whether evaluators want turns' input and output messages: adapters then report them to
   * the agent operation even while content capture is off (no attribute is written for them).
   */
  get wantsContent(): boolean {
    return this.listeners.size > 0;
  }

  /** A top-level invocation started (`parent`: the context it started in). */
  started(root: OperationNode & { readonly span: Span }, parent: Context | undefined, input: Lazy<GenAIMessage[]> | undefined): void {
    if (!this.watching) return;
    try {
      if (this.sinks > 0) {
        const sink = (parent ?? otelContext.active()).getValue(SINK_KEY) as Sink | undefined;
        if (sink && sink.turn === undefined) sink.turn = turnRefOf(root.span.spanContext());
      }
      const record = new TurnRecord();
      if (this.listeners.size > 0) record.input = input;
      this.records.set(root, record);
    } catch (error) {
      reportInternal('turns: start', error);
    }
  }

  /** The turn's output messages (kept for evaluators only). */
  output(root: OperationNode, output: Lazy<GenAIMessage[]> | undefined): void {
    if (output === undefined || this.listeners.size === 0) return;
    const record = this.records.get(root);
    if (record) record.output = output;
  }

  /** A chat call below `node` used this prompt: it becomes its turn's prompt (the last one wins). */
  notePrompt(node: OperationNode | undefined, prompt: PromptIdentity): void {
    if (!this.watching) return;
    for (let n = node; n; n = n.parentNode) {
      const record = this.records.get(n);
      if (record) record.prompt = prompt;
    }
  }

  finished(root: OperationNode & { readonly span: Span }, f: RootFinish): void {
    const record = this.records.get(root);
    if (!record) return;
    this.records.delete(root);
    try {
      const sc = root.span.spanContext();
      const facts: TurnFacts = { agentName: f.name, prompt: record.prompt, conversationId: f.conversationId };
      this.index.add(sc.traceId, facts);
      if (this.listeners.size === 0) return;
      const end: TurnEnd = {
        ref: turnRefOf(sc),
        sampled: (sc.traceFlags & 1) === 1,
        facts,
        operation: f.operation,
        userId: f.userId,
        durationS: f.durationS,
        errorType: f.errorType,
        inputTokens: f.totals.inputTokens,
        outputTokens: f.totals.outputTokens,
        costUsd: f.totals.cost,
        llmCalls: f.totals.llmCalls,
        toolCalls: f.totals.toolCalls,
        input: record.input,
        output: record.output,
      };
      for (const listener of this.listeners) {
        try {
          listener(end);
        } catch (error) {
          reportInternal('turns: listener', error);
        }
      }
    } catch (error) {
      reportInternal('turns: finish', error);
    }
  }

  listen(listener: TurnListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Runs fn in a context that catches the first turn started inside it, and resolves to
   * fn's value and that turn's ids. fn's own error reaches the caller unchanged.
   */
  async capture<T>(fn: () => T): Promise<{ value: Awaited<T>; turn: TurnRef | undefined }> {
    const sink: Sink = { turn: undefined };
    this.sinks++;
    try {
      const value = await otelContext.with(otelContext.active().setValue(SINK_KEY, sink), fn);
      return { value, turn: sink.turn };
    } finally {
      this.sinks--;
    }
  }
}
