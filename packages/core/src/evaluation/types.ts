// Public types of evaluations, user feedback, prompt versions and finished turns.
import type { Context, Span } from '@opentelemetry/api';
import type { EvaluationSource, FeedbackRating } from '@agentspan/semconv';
import type { GenAIMessage, Lazy } from '../types.js';

/** The ids that identify a turn (or any span) across requests and processes. */
export interface TurnRef {
  /** 32 lowercase hex digits. */
  readonly traceId: string;
  /** 16 lowercase hex digits: the span the evaluation is parented to. */
  readonly spanId: string;
  /** W3C trace flags (1 = sampled). Default 1. */
  readonly traceFlags?: number;
}

/**
 * What an evaluation can be recorded against: a TurnRef, a W3C `traceparent` /
 * `traceresponse` string (`00-<trace-id>-<span-id>-<flags>`), a span, an operation handle
 * (anything with a `span`), or a context whose active span is the target.
 */
export type EvaluationTarget = TurnRef | string | Span | { readonly span: Span } | Context;

/** A prompt's identity, for metric attributes where the span is not at hand. */
export interface PromptIdentity {
  name: string;
  version?: string;
}

/**
 * The prompt (template) a chat call used: `gen_ai.prompt.name` and `gen_ai.prompt.version`
 * on its span; its variables as `gen_ai.prompt.variable.<key>` only while content capture
 * is on (redacted and truncated like every captured value).
 */
export interface PromptRef extends PromptIdentity {
  /** Template variables: resolved only when content capture is on. */
  variables?: Lazy<Readonly<Record<string, unknown>>>;
}

/** One evaluation result (`gen_ai.evaluation.result`). At least a score, a label or an explanation. */
export interface EvaluationInput {
  /** `gen_ai.evaluation.name`, e.g. "relevance". Required. */
  name: string;
  /** `gen_ai.evaluation.score.value`: a finite number. */
  score?: number;
  /** `gen_ai.evaluation.score.label`: low cardinality ("pass", "fail"). */
  label?: string;
  /** `gen_ai.evaluation.explanation`: always redacted, truncated to `contentMaxLength`. */
  explanation?: string;
  /** `gen_ai.response.id` of the evaluated completion, when known. */
  responseId?: string;
  /** `agentspan.evaluation.source`. Default `application`. */
  source?: EvaluationSource;
  /** The evaluated turn's agent, for the score metric, when this process did not see the turn. */
  agentName?: string;
  /** The evaluated turn's prompt, for the score metric, when this process did not see the turn. */
  prompt?: PromptIdentity;
  /** Who gave the score (`user.id` on the event): the rating user of a piece of feedback. */
  userId?: string;
}

/** A piece of user feedback: thumbs up or down, or a score, and/or a comment. */
export interface FeedbackInput {
  /** `up` records score 1 and label `thumbs_up`; `down` score 0 and label `thumbs_down`. */
  rating?: FeedbackRating;
  /** A score of the application's scale, instead of a rating. */
  score?: number;
  /** The user's comment (`gen_ai.evaluation.explanation`): always redacted. */
  comment?: string;
  /** Evaluation name. Default `user_feedback`. */
  name?: string;
  userId?: string;
  agentName?: string;
  prompt?: PromptIdentity;
}

/** What the core knows of a finished turn: what evaluators receive. */
export interface FinishedTurn {
  /** The turn's root operation (its top-level invoke_agent or invoke_workflow span). */
  readonly ref: TurnRef;
  readonly agentName: string;
  readonly operation: string;
  readonly conversationId: string | undefined;
  readonly userId: string | undefined;
  /** The prompt of the turn's last chat call that used one. */
  readonly prompt: PromptIdentity | undefined;
  readonly durationS: number;
  readonly status: 'ok' | 'error';
  /** `error.type` of a failed or cancelled turn. */
  readonly errorType: string | undefined;
  readonly inputTokens: number | undefined;
  readonly outputTokens: number | undefined;
  readonly costUsd: number | undefined;
  readonly llmCalls: number;
  readonly toolCalls: number;
  /**
   * The turn's input and output messages as the framework reported them, unredacted (the
   * evaluator runs in the application's process). Adapters report them to evaluators
   * whether or not content capture is on; absent when the framework gave none.
   */
  readonly input: readonly GenAIMessage[] | undefined;
  readonly output: readonly GenAIMessage[] | undefined;
}

/** What an evaluator returns for one turn: one result, several, or none (skipped). */
export interface EvaluatorResult {
  /** Default: the evaluator's name. */
  name?: string;
  score?: number;
  label?: string;
  explanation?: string;
}

export interface TurnEvaluator {
  /** The evaluation name its results carry by default. */
  name: string;
  /** Sync or async; a throw or rejection is recorded as a failed evaluation (`error.type`). */
  evaluate(turn: FinishedTurn): EvaluatorResult | readonly EvaluatorResult[] | undefined | PromiseLike<EvaluatorResult | readonly EvaluatorResult[] | undefined>;
  /** Share of turns this evaluator runs on, 0–1. Default: the hook's `sampleRate`. */
  sampleRate?: number;
}

export interface EvaluateTurnsOptions {
  evaluators: readonly TurnEvaluator[];
  /** Share of finished turns evaluated, 0–1. Default 1. */
  sampleRate?: number;
  /** Turns waiting for evaluation at most; more are dropped (and counted). Default 100. */
  maxQueue?: number;
  /** Turns evaluated at the same time. Default 2. */
  concurrency?: number;
  /** An evaluation still running after this long is recorded as failed (TimeoutError). Default 30000. */
  timeoutMs?: number;
}

/** Bounds of the memory of finished turns (for later evaluations' agent and prompt). */
export interface RememberTurnsOptions {
  /** Default 10000. */
  maxTurns?: number;
  /** Default 24 hours. */
  ttlMs?: number;
}

export interface EvaluationStats {
  /** Turns waiting. */
  readonly queued: number;
  /** Turns not evaluated because the queue was full. */
  readonly dropped: number;
  /** Results recorded. */
  readonly recorded: number;
  /** Evaluations that threw, rejected or timed out. */
  readonly failed: number;
}

/** The running hook: wait for it, stop it, read its counters. */
export interface TurnEvaluation {
  /** Resolves once every queued and running evaluation is done (tests, shutdown). */
  flush(): Promise<void>;
  /** No more turns are queued; queued ones still run. */
  stop(): void;
  readonly stats: EvaluationStats;
}
