// The evaluation side of an Agentspan instance: recording evaluations and feedback against
// a turn or any span, the evaluator hook, the turns it watches, and prompt links.
import { type Context, type Span, context as otelContext, trace } from '@opentelemetry/api';
import type { ContentCapture } from '../content/capture.js';
import { getState, setState } from '../context-state.js';
import { AgentspanConfigError } from '../errors.js';
import { type KeyList, checkOptionKeys } from '../option-keys.js';
import type { Metrics } from '../metrics.js';
import { warnOnce } from '../safety.js';
import { EvaluatorRunner, resolveEvaluateOptions } from './evaluators.js';
import { type Checked, type NormalizedEvaluation, checkEvaluation, checkFeedback } from './input.js';
import { type EventLoggerProvider, LogsBridge } from './logs-bridge.js';
import { toPromptRef } from './prompt.js';
import { PromptLinks } from './prompt-links.js';
import { EvaluationRecorder } from './recorder.js';
import { resolveTarget, turnRefOf } from './target.js';
import { TurnTracker } from './turns.js';
import type { EvaluateTurnsOptions, EvaluationTarget, PromptRef, RememberTurnsOptions, TurnEvaluation, TurnRef } from './types.js';

const REMEMBER_KEYS: KeyList<RememberTurnsOptions> = { maxTurns: true, ttlMs: true };

export class Evaluations {
  readonly turns = new TurnTracker();
  readonly prompts = new PromptLinks();
  private readonly recorder: EvaluationRecorder;
  private dropped = 0;

  constructor(content: ContentCapture, maxLength: number, metrics: Metrics, loggerProvider: EventLoggerProvider | undefined) {
    this.recorder = new EvaluationRecorder({
      content,
      maxLength,
      metrics,
      logs: new LogsBridge(loggerProvider),
      factsOf: (traceId) => this.turns.index.get(traceId),
    });
  }

  /** Values refused so far (bad target or bad value): each reported once per kind. */
  get droppedCount(): number {
    return this.dropped;
  }

  private drop(what: string, problem: string): Promise<boolean> {
    this.dropped++;
    warnOnce(`${what}: ${problem}`, `${what} dropped: ${problem}`);
    return Promise.resolve(false);
  }

  /** Records an already checked evaluation (the HTTP feedback routes check first, to answer 400). */
  recordChecked(target: EvaluationTarget, ev: NormalizedEvaluation, what = 'evaluation'): Promise<boolean> {
    // The first evaluation turns on the memory of turns, so later ones get their metric attributes.
    this.turns.index.enable();
    const resolved = resolveTarget(target);
    if (!resolved.ok) return this.drop(what, resolved.problem);
    return this.recorder.record(resolved.spanContext, ev);
  }

  private recordInput(target: EvaluationTarget, checked: Checked<NormalizedEvaluation>, what: string): Promise<boolean> {
    if (!checked.ok) return this.drop(what, checked.problem);
    return this.recordChecked(target, checked.value, what);
  }

  recordEvaluation(target: EvaluationTarget, input: unknown): Promise<boolean> {
    return this.recordInput(target, checkEvaluation(input), 'evaluation');
  }

  recordFeedback(target: EvaluationTarget, input: unknown): Promise<boolean> {
    return this.recordInput(target, checkFeedback(input), 'feedback');
  }

  /** Remembers finished turns (bounded) so that later evaluations of them get their agent and prompt. */
  rememberTurns(options: RememberTurnsOptions = {}): void {
    if (typeof options !== 'object' || options === null) throw new AgentspanConfigError('rememberTurns: options must be an object');
    checkOptionKeys('rememberTurns', options, REMEMBER_KEYS);
    for (const key of ['maxTurns', 'ttlMs'] as const) {
      const v = options[key];
      if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 1)) {
        throw new AgentspanConfigError(`rememberTurns: ${key} must be an integer >= 1`);
      }
    }
    this.turns.index.enable(options.maxTurns, options.ttlMs);
  }

  evaluateTurns(options: EvaluateTurnsOptions): TurnEvaluation {
    const resolved = resolveEvaluateOptions(options);
    this.turns.index.enable();
    return new EvaluatorRunner(
      resolved,
      (ref, ev) => this.recordChecked(ref, ev, 'evaluator result'),
      (listener) => this.turns.listen(listener),
    );
  }

  /**
   * The turn the context is in: its outermost agentspan operation's span (the top-level
   * invocation), else the context's active span (an HTTP server span before any GenAI work).
   */
  currentTurn(ctx: Context = otelContext.active()): TurnRef | undefined {
    let node = getState(ctx).node;
    while (node?.parentNode) node = node.parentNode;
    // Every operation node is a BaseOperation, which has its span.
    const sc = node ? (node as unknown as { span: Span }).span.spanContext() : trace.getSpanContext(ctx);
    return sc && trace.isSpanContextValid(sc) ? turnRefOf(sc) : undefined;
  }

  /** A context whose chat calls below used `prompt` (unless they name their own). */
  withPrompt(prompt: PromptRef, ctx: Context = otelContext.active()): Context {
    const ref = toPromptRef(prompt);
    return ref ? setState(ctx, { ...getState(ctx), prompt: ref }) : ctx;
  }

  /** A template was rendered in the operation active in `ctx`: the chat calls that follow in it used it. */
  promptRendered(prompt: PromptRef, ctx: Context = otelContext.active()): void {
    const node = getState(ctx).node;
    const ref = node ? toPromptRef(prompt) : undefined;
    if (node && ref) this.prompts.note(node, ref);
  }
}
