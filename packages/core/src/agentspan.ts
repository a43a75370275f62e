// The entry point: one configured instance that starts operations, runs functions
// inside them, and hands adapters the pieces they share (run registry, streams, turns).
import { type Context, type Span, type Tracer, context as otelContext, isSpanContextValid, trace } from '@opentelemetry/api';
import { MAX_TIMER_MS, type ResolvedConfig, resolveConfig } from './config.js';
import { ContentCapture } from './content/capture.js';
import { redactorFor } from './content/redaction.js';
import { getState, operationContext, setState } from './context-state.js';
import { rollupScopeState } from './rollup-scope.js';
import { AgentspanConfigError, RunExpiredError, asConfigError } from './errors.js';
import { Evaluations } from './evaluation/evaluations.js';
import type {
  EvaluateTurnsOptions,
  EvaluationInput,
  EvaluationTarget,
  FeedbackInput,
  PromptRef,
  RememberTurnsOptions,
  TurnEvaluation,
  TurnRef,
} from './evaluation/types.js';
import { Metrics } from './metrics.js';
import { AgentOp, MergedAgent } from './operations/agent.js';
import { ChatOp } from './operations/chat.js';
import { EmbeddingsOp } from './operations/embeddings.js';
import { type FrameworkStart, FrameworkOp } from './operations/framework.js';
import { GuardrailOp } from './operations/guardrail.js';
import { MemoryOp } from './operations/memory.js';
import { RerankOp } from './operations/rerank.js';
import { RetrievalOp } from './operations/retrieval.js';
import { ToolOp } from './operations/tool.js';
import { BUILTIN_PRICES } from './prices/builtin-prices.js';
import { PriceTable } from './prices/price-table.js';
import { RunRegistry } from './run-registry.js';
import type { Runtime } from './runtime.js';
import { callWithin } from './call-within.js';
import { NoopOperation } from './noop-operation.js';
import { reportInternal } from './safety.js';
import { type TraceStreamOptions, traceStream } from './stream.js';
import type {
  AgentOperation,
  AgentStart,
  AgentspanConfig,
  ChatOperation,
  ChatResult,
  ChatStart,
  EmbeddingsOperation,
  EmbeddingsResult,
  EmbeddingsStart,
  GuardrailOperation,
  GuardrailStart,
  MemoryOperation,
  MemoryResult,
  MemoryStart,
  Operation,
  RerankOperation,
  RerankStart,
  RetrievalOperation,
  RetrievalResult,
  RetrievalStart,
  ToolOperation,
  ToolResult,
  ToolStart,
  TurnIdentity,
} from './types.js';

const INVOKE_AGENT = 'invoke_agent';

// The helpers' default results: made once, not a closure per call.
const noResult = (): undefined => undefined;
const toolResult = (result: unknown): ToolResult => ({ result });
const countResult = (value: unknown): { count?: number } => (Array.isArray(value) ? { count: value.length } : {});

const TRACER_NAME = '@agentspan/core';
const TRACER_VERSION = '0.1.0';

export class Agentspan implements Runtime {
  readonly tracer: Tracer;
  readonly config: ResolvedConfig;
  readonly content: ContentCapture;
  readonly metrics: Metrics;
  readonly prices: PriceTable;
  /** Evaluations, feedback, the evaluator hook and prompt links (the methods below are its front). */
  readonly evaluations: Evaluations;

  /** Bad configuration throws AgentspanConfigError here, whatever was wrong with it. */
  constructor(config: AgentspanConfig = {}) {
    try {
      this.config = resolveConfig(config);
      this.prices = new PriceTable(config.replaceBuiltInPrices ? undefined : BUILTIN_PRICES, config.prices);
      this.tracer = (config.tracerProvider ?? trace.getTracerProvider()).getTracer(TRACER_NAME, TRACER_VERSION);
      this.content = new ContentCapture(this.config.captureContent, redactorFor(this.config.redaction), this.config.contentMaxLength);
      this.metrics = new Metrics(config.meterProvider, this.config.legacyMetrics);
      this.evaluations = new Evaluations(this.content, this.config.contentMaxLength, this.metrics, config.loggerProvider);
    } catch (error) {
      throw asConfigError(error);
    }
  }

  /** Whether prompts and completions are captured: build content values only when true. */
  get captureContent(): boolean {
    return this.config.captureContent;
  }

  // ---- operations ----

  /**
   * Starts an agent invocation, or merges into the enclosing one: when the innermost
   * active agentspan operation is an agent of the same name, or this run carries only
   * the framework's default name, no span is made and children parent to that agent.
   */
  startAgent(o: AgentStart): AgentOperation {
    try {
      const node = getState(o.parent ?? otelContext.active()).node;
      // Only agent runs merge, and only into an agent (a workflow or a turn is no agent).
      if (
        node instanceof AgentOp &&
        !node.ended &&
        node.operation === INVOKE_AGENT &&
        (o.operation ?? INVOKE_AGENT) === INVOKE_AGENT &&
        (node.name === o.name || o.isDefaultName)
      ) {
        return new MergedAgent(node);
      }
      return new AgentOp(this, o);
    } catch (error) {
      return this.failedStart('agent', o, error);
    }
  }
  startChat(o: ChatStart): ChatOperation {
    return this.start('chat', ChatOp, o);
  }
  startEmbeddings(o: EmbeddingsStart): EmbeddingsOperation {
    return this.start('embeddings', EmbeddingsOp, o);
  }
  startTool(o: ToolStart): ToolOperation {
    return this.start('tool', ToolOp, o);
  }
  startRetrieval(o: RetrievalStart): RetrievalOperation {
    return this.start('retrieval', RetrievalOp, o);
  }
  startMemory(o: MemoryStart): MemoryOperation {
    return this.start('memory', MemoryOp, o);
  }
  startRerank(o: RerankStart): RerankOperation {
    return this.start('rerank', RerankOp, o);
  }
  /** A guardrail check (apply_guardrail); end it with `{ triggered }`. */
  startGuardrail(o: GuardrailStart): GuardrailOperation {
    return this.start('guardrail', GuardrailOp, o);
  }
  /** A verbose span for framework plumbing (adapters' opt-in mode). */
  startFramework(o: FrameworkStart): Operation<void> {
    return this.start('framework', FrameworkOp, o);
  }

  /**
   * Starting an operation never throws into the caller: a fault yields a no-op handle.
   * Takes the class, not a closure: no allocation per start.
   */
  private start<S extends { parent?: Context }, T>(kind: string, Op: new (rt: Runtime, o: S) => T, o: S): T {
    try {
      return new Op(this, o);
    } catch (error) {
      return this.failedStart(kind, o, error);
    }
  }

  private failedStart<T>(kind: string, o: { parent?: Context } | undefined, error: unknown): T {
    reportInternal(`start ${kind}`, error);
    return new NoopOperation(contextOrUndefined(o)) as unknown as T;
  }

  // ---- run fn inside an operation; end on return, fail on throw (rethrown unchanged) ----

  agent<T>(o: AgentStart, fn: (op: AgentOperation) => T): T {
    return this.within(this.startAgent(o), fn, noResult);
  }
  chat<T>(o: ChatStart, fn: (op: ChatOperation) => T, toResult: (value: Awaited<T>) => ChatResult): T {
    return this.within(this.startChat(o), fn, toResult);
  }
  embeddings<T>(o: EmbeddingsStart, fn: (op: EmbeddingsOperation) => T, toResult: (value: Awaited<T>) => EmbeddingsResult): T {
    return this.within(this.startEmbeddings(o), fn, toResult);
  }
  tool<T>(o: ToolStart, fn: (op: ToolOperation) => T, toResult: (value: Awaited<T>) => ToolResult = toolResult): T {
    return this.within(this.startTool(o), fn, toResult);
  }
  retrieval<T>(
    o: RetrievalStart,
    fn: (op: RetrievalOperation) => T,
    toResult: (value: Awaited<T>) => RetrievalResult = countResult,
  ): T {
    return this.within(this.startRetrieval(o), fn, toResult);
  }
  memory<T>(
    o: MemoryStart,
    fn: (op: MemoryOperation) => T,
    toResult: (value: Awaited<T>) => MemoryResult = countResult,
  ): T {
    return this.within(this.startMemory(o), fn, toResult);
  }

  private within<O extends Operation<R>, R, T>(op: O, fn: (op: O) => T, toResult: (value: Awaited<T>) => R | undefined): T {
    return callWithin(op, fn as (this: unknown, op: O) => T, undefined, [op], toResult);
  }

  // ---- context ----

  /** A context whose spans below all carry the turn's conversation and user ids. */
  withTurn(ids: TurnIdentity, parent: Context = otelContext.active()): Context {
    const state = getState(parent);
    return setState(parent, {
      ...state,
      conversationId: ids.conversationId ?? state.conversationId,
      userId: ids.userId ?? state.userId,
    });
  }

  /**
   * A context that rolls up every call below it onto a span agentspan does not own (the
   * HTTP server span), under agentspan.usage.* / agentspan.cost.usd / call counts, written
   * as each call ends (the owner may end its span before a last chance to write).
   */
  rollupScope(span: Span, parent: Context = otelContext.active(), ids?: TurnIdentity): Context {
    // One linked context (span + state) over the parent, not two copies of its key map.
    return operationContext(parent, span, rollupScopeState(span, parent, ids));
  }

  /**
   * Whether a turn already has a root in this context: any active span (an HTTP server span,
   * the application's own) or an agentspan operation or rollup scope. Adapters make a
   * framework's outermost run the turn's root (an invocation span) only when there is none.
   */
  hasTurnRoot(ctx: Context = otelContext.active()): boolean {
    const state = getState(ctx);
    if (state.node !== undefined || state.rollup !== undefined) return true;
    // A remote parent (propagated from another process) is no root in this one.
    const span = trace.getSpanContext(ctx);
    return span !== undefined && isSpanContextValid(span) && span.isRemote !== true;
  }

  /** The totals a rollup scope (or agent) has seen so far in this context, if any. */
  rollupOf(ctx: Context = otelContext.active()): Readonly<{ inputTokens?: number; outputTokens?: number; cost?: number; llmCalls: number; toolCalls: number }> | undefined {
    const r = getState(ctx).rollup;
    if (!r) return undefined;
    return { inputTokens: r.inputTokens, outputTokens: r.outputTokens, cost: r.cost, llmCalls: r.llmCalls, toolCalls: r.toolCalls };
  }

  /** Wraps a stream so its operations end when it is consumed, cancelled or abandoned. */
  traceStream<T>(source: AsyncIterable<T>, options: Omit<TraceStreamOptions<T>, 'idleTimeoutMs'> & { idleTimeoutMs?: number }): AsyncIterable<T> {
    const idle = options.idleTimeoutMs;
    // A per-stream idle time outside a timer's range would fire at once: the configured one stands in.
    const valid = typeof idle === 'number' && idle >= 1 && idle <= MAX_TIMER_MS;
    try {
      return traceStream(source, options, valid ? idle : this.config.streamIdleTimeoutMs);
    } catch (error) {
      // Unwatchable options: the caller's stream goes on untraced (its owners end by expiry).
      reportInternal('traceStream', error);
      return source;
    }
  }

  /**
   * A bounded registry for framework run ids. By default an expired operation is ended
   * as failed with RunExpiredError.
   */
  createRunRegistry<V extends Pick<Operation<never>, 'fail'>>(onExpire?: (value: V, ageMs: number) => void): RunRegistry<V> {
    return new RunRegistry<V>({
      maxSize: this.config.runMaxSize,
      ttlMs: this.config.runTtlMs,
      onExpire: onExpire ?? ((value, age) => value.fail(new RunExpiredError(age))),
    });
  }

  // ---- evaluations, feedback and prompt versions ----

  /**
   * Records an evaluation of a turn or any span (`gen_ai.evaluation.result`, parented to it,
   * and a point of `agentspan.evaluation.score`): during the turn, or later from another
   * request or process given its ids. A bad value is reported to the diag log and dropped,
   * never thrown. Resolves true once the event was handed to a logger; never rejects.
   */
  recordEvaluation(target: EvaluationTarget, evaluation: EvaluationInput): Promise<boolean> {
    return this.evaluations.recordEvaluation(target, evaluation);
  }

  /** Records a user's thumbs up or down, score and/or comment on a turn (evaluation `user_feedback`). */
  recordFeedback(target: EvaluationTarget, feedback: FeedbackInput): Promise<boolean> {
    return this.evaluations.recordFeedback(target, feedback);
  }

  /**
   * Remembers the turns this process finishes (bounded in count and age; off by default) so
   * that evaluations recorded later get the turn's agent and prompt version as metric
   * attributes. The evaluator hook and the HTTP feedback routes turn it on themselves, as
   * does the first evaluation recorded. Throws AgentspanConfigError on bad options.
   */
  rememberTurns(options?: RememberTurnsOptions): void {
    this.evaluations.rememberTurns(options);
  }

  /** Runs evaluators over finished turns, sampled, off the request path. Throws AgentspanConfigError on bad options. */
  evaluateTurns(options: EvaluateTurnsOptions): TurnEvaluation {
    return this.evaluations.evaluateTurns(options);
  }

  /** Runs fn and resolves to its value and the ids of the first turn it started (to rate it later). */
  captureTurn<T>(fn: () => T): Promise<{ value: Awaited<T>; turn: TurnRef | undefined }> {
    return this.evaluations.turns.capture(fn);
  }

  /** The ids of the turn the context is in (its top-level invocation), if any. */
  currentTurn(ctx?: Context): TurnRef | undefined {
    return this.evaluations.currentTurn(ctx);
  }

  /** A context in which chat calls used `prompt` (name, version, variables) unless they name their own. */
  withPrompt(prompt: PromptRef, ctx?: Context): Context {
    return this.evaluations.withPrompt(prompt, ctx);
  }

  /** Runs fn inside `withPrompt(prompt)`. */
  prompt<T>(prompt: PromptRef, fn: () => T): T {
    return otelContext.with(this.evaluations.withPrompt(prompt), fn);
  }

  /** A template was rendered in the operation active in ctx: the chat calls that start after it in that operation used it. */
  promptRendered(prompt: PromptRef, ctx?: Context): void {
    this.evaluations.promptRendered(prompt, ctx);
  }
}

/** The start's parent when it is a usable context (read safely: the start may be hostile). */
function contextOrUndefined(o: { parent?: Context } | undefined): Context | undefined {
  try {
    const parent = o?.parent;
    return typeof parent?.getValue === 'function' ? parent : undefined;
  } catch {
    return undefined;
  }
}

// Held on globalThis, not in this module: the ESM and the CommonJS build of the core (an
// app may load both, e.g. `node --import @agentspan/node/register app.cjs`) share one instance.
const INSTANCE = Symbol.for('agentspan.core.instance');
type InstanceHolder = { [INSTANCE]?: Agentspan };

/** The process-wide instance adapters use when none is given (created on first use). */
export function getAgentspan(): Agentspan {
  const holder = globalThis as InstanceHolder;
  holder[INSTANCE] ??= new Agentspan();
  return holder[INSTANCE];
}

/** Replaces the process-wide instance (what `register()` of `@agentspan/node` does). */
export function setAgentspan(instance: Agentspan): void {
  if (!(instance instanceof Agentspan) && typeof (instance as Partial<Agentspan> | null)?.startAgent !== 'function') {
    throw new AgentspanConfigError('setAgentspan needs an Agentspan instance');
  }
  (globalThis as InstanceHolder)[INSTANCE] = instance;
}
