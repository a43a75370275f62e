// The evaluator hook: user-supplied evaluators run over finished turns, off the request
// path. A turn's end only samples and queues (bounded); the queue drains on a later tick,
// a few turns at a time; an evaluator's throw, rejection or timeout is recorded as a failed
// evaluation and never reaches the application.
import { AgentspanConfigError, errorType } from '../errors.js';
import { type KeyList, checkOptionKeys } from '../option-keys.js';
import { reportInternal, warnOnce } from '../safety.js';
import type { GenAIMessage, Lazy } from '../types.js';
import { type NormalizedEvaluation, checkEvaluation } from './input.js';
import type { TurnEnd } from './turns.js';
import type {
  EvaluateTurnsOptions,
  EvaluationStats,
  EvaluatorResult,
  FinishedTurn,
  TurnEvaluation,
  TurnEvaluator,
  TurnRef,
} from './types.js';

export const EVALUATOR_DEFAULTS = { sampleRate: 1, maxQueue: 100, concurrency: 2, timeoutMs: 30_000 } as const;

const OPTION_KEYS: KeyList<EvaluateTurnsOptions> = { evaluators: true, sampleRate: true, maxQueue: true, concurrency: true, timeoutMs: true };

class EvaluatorTimeoutError extends Error {
  override name = 'TimeoutError';
}

interface Job {
  readonly end: TurnEnd;
  readonly evaluators: readonly TurnEvaluator[];
}

type RecordFn = (ref: TurnRef, ev: NormalizedEvaluation) => Promise<boolean>;

function rate(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new AgentspanConfigError(`evaluateTurns: ${name} must be a number from 0 to 1`);
  return value;
}

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new AgentspanConfigError(`evaluateTurns: ${name} must be an integer >= 1`);
  return value;
}

/** Checks the hook's options: bad configuration fails when the hook is set up. */
export function resolveEvaluateOptions(options: EvaluateTurnsOptions): Required<EvaluateTurnsOptions> {
  if (typeof options !== 'object' || options === null) throw new AgentspanConfigError('evaluateTurns: options must be an object');
  checkOptionKeys('evaluateTurns', options, OPTION_KEYS);
  const evaluators = options.evaluators;
  if (!Array.isArray(evaluators) || evaluators.length === 0) throw new AgentspanConfigError('evaluateTurns: evaluators must be a non-empty array');
  const names = new Set<string>();
  for (const [i, e] of evaluators.entries()) {
    if (typeof e !== 'object' || e === null || typeof e.evaluate !== 'function') {
      throw new AgentspanConfigError(`evaluateTurns: evaluators[${i}] must be { name, evaluate(turn) }`);
    }
    const named = checkEvaluation({ name: e.name, score: 0 });
    if (!named.ok) throw new AgentspanConfigError(`evaluateTurns: evaluators[${i}].${named.problem}`);
    if (names.has(e.name)) throw new AgentspanConfigError(`evaluateTurns: two evaluators are named ${JSON.stringify(e.name)}`);
    names.add(e.name);
    rate(`evaluators[${i}].sampleRate`, e.sampleRate);
  }
  return {
    evaluators: [...evaluators],
    sampleRate: rate('sampleRate', options.sampleRate) ?? EVALUATOR_DEFAULTS.sampleRate,
    maxQueue: positive('maxQueue', options.maxQueue, EVALUATOR_DEFAULTS.maxQueue),
    concurrency: positive('concurrency', options.concurrency, EVALUATOR_DEFAULTS.concurrency),
    timeoutMs: positive('timeoutMs', options.timeoutMs, EVALUATOR_DEFAULTS.timeoutMs),
  };
}

function resolveMessages(value: Lazy<GenAIMessage[]> | undefined): readonly GenAIMessage[] | undefined {
  if (value === undefined) return undefined;
  try {
    const resolved = typeof value === 'function' ? value() : value;
    return Array.isArray(resolved) ? resolved : undefined;
  } catch (error) {
    reportInternal('evaluators: turn content', error);
    return undefined;
  }
}

function finishedTurn(end: TurnEnd): FinishedTurn {
  return {
    ref: end.ref,
    agentName: end.facts.agentName,
    operation: end.operation,
    conversationId: end.facts.conversationId,
    userId: end.userId,
    prompt: end.facts.prompt,
    durationS: end.durationS,
    status: end.errorType === undefined ? 'ok' : 'error',
    errorType: end.errorType,
    inputTokens: end.inputTokens,
    outputTokens: end.outputTokens,
    costUsd: end.costUsd,
    llmCalls: end.llmCalls,
    toolCalls: end.toolCalls,
    input: resolveMessages(end.input),
    output: resolveMessages(end.output),
  };
}

export class EvaluatorRunner implements TurnEvaluation {
  private readonly queue: Job[] = [];
  private running = 0;
  private scheduled = false;
  private idle: (() => void)[] = [];
  private counts = { dropped: 0, recorded: 0, failed: 0 };
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly o: Required<EvaluateTurnsOptions>,
    private readonly record: RecordFn,
    listen: (listener: (end: TurnEnd) => void) => () => void,
    private readonly random: () => number = Math.random,
  ) {
    this.unlisten = listen((end) => this.onTurnEnd(end));
  }

  get stats(): EvaluationStats {
    return { queued: this.queue.length, ...this.counts };
  }

  stop(): void {
    this.unlisten?.();
    this.unlisten = undefined;
  }

  flush(): Promise<void> {
    if (this.queue.length === 0 && this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /** On the turn's path: sample and queue, nothing more. */
  private onTurnEnd(end: TurnEnd): void {
    if (!end.sampled) return;
    const chosen = this.o.evaluators.filter((e) => this.random() < (e.sampleRate ?? this.o.sampleRate));
    if (chosen.length === 0) return;
    if (this.queue.length >= this.o.maxQueue) {
      this.counts.dropped++;
      warnOnce('evaluators: queue full', `evaluateTurns: the queue of ${this.o.maxQueue} turns is full; turns are left unevaluated`);
      return;
    }
    this.queue.push({ end, evaluators: chosen });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.drain();
    });
  }

  private drain(): void {
    while (this.running < this.o.concurrency && this.queue.length > 0) {
      const job = this.queue.shift() as Job;
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.drain();
      });
    }
    if (this.running === 0 && this.queue.length === 0) {
      const waiting = this.idle;
      this.idle = [];
      for (const resolve of waiting) resolve();
    }
  }

  private async run(job: Job): Promise<void> {
    const turn = finishedTurn(job.end);
    await Promise.all(job.evaluators.map((e) => this.evaluateOne(e, turn)));
  }

  private async evaluateOne(evaluator: TurnEvaluator, turn: FinishedTurn): Promise<void> {
    const base = turn.prompt ? { agentName: turn.agentName, prompt: turn.prompt } : { agentName: turn.agentName };
    let results: readonly EvaluatorResult[];
    try {
      const value = await this.withTimeout(() => evaluator.evaluate(turn));
      results = value === undefined ? [] : Array.isArray(value) ? value : [value as EvaluatorResult];
    } catch (error) {
      this.counts.failed++;
      warnOnce(`evaluators: ${evaluator.name} failed`, `evaluator ${JSON.stringify(evaluator.name)} failed: ${errorType(error)}`);
      await this.record(turn.ref, { name: evaluator.name, source: 'evaluator', errorType: errorType(error), ...base });
      return;
    }
    for (const result of results) {
      const checked = checkEvaluation({ ...base, ...result, name: result?.name ?? evaluator.name, source: 'evaluator' }, 'evaluator');
      if (!checked.ok) {
        this.counts.failed++;
        warnOnce(`evaluators: ${evaluator.name} result`, `evaluator ${JSON.stringify(evaluator.name)} returned a bad result (${checked.problem}); it is dropped`);
        continue;
      }
      if (await this.record(turn.ref, checked.value)) this.counts.recorded++;
    }
  }

  private withTimeout<T>(fn: () => T | PromiseLike<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new EvaluatorTimeoutError(`evaluation took over ${this.o.timeoutMs} ms`)), this.o.timeoutMs);
      timer.unref?.();
      Promise.resolve()
        .then(fn)
        .then(
          (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          (error: unknown) => {
            clearTimeout(timer);
            reject(error);
          },
        );
    });
  }
}
