// The framework-neutral half of the HTTP feedback routes (Express, Nest): options checked
// at start-up, the request body checked field by field (a clear 4xx says what is wrong), the
// rating user's id read like the middleware reads it, and the feedback recorded against the
// turn the client names — the ids its response handed out (`traceresponse`).
import type { Agentspan } from '../agentspan.js';
import { getAgentspan } from '../agentspan.js';
import { AgentspanConfigError } from '../errors.js';
import { type KeyList, checkOptionKeys } from '../option-keys.js';
import { checkFeedback } from '../evaluation/input.js';
import { resolveTarget, turnRefOf } from '../evaluation/target.js';
import type { PromptIdentity, TurnRef } from '../evaluation/types.js';
import { reportInternal } from '../safety.js';
import { type HttpRequestLike, type IdSource, requestIdentity, validateIdentityOptions } from './identity.js';

/** What the application knows of a turn this process may not have seen (another instance, yesterday). */
export interface TurnLabels {
  agentName?: string;
  prompt?: PromptIdentity;
}

export interface FeedbackRouteOptions<Req = HttpRequestLike> {
  /** Default: `getAgentspan()`, read per request. */
  agentspan?: Agentspan;
  /** The evaluation name feedback is recorded under. Default `user_feedback`. */
  name?: string;
  /** Range of `score` (both ends included). Default 0 to 1. */
  minScore?: number;
  maxScore?: number;
  /** Longest comment accepted. Default 2000 characters. */
  maxCommentLength?: number;
  /** Where the rating user's id comes from (`user.id` on the event). Default the `x-user-id` header. */
  userId?: IdSource<Req>;
  /** May this request rate this turn? false answers 403. Default: anyone who holds the turn's ids. */
  authorize?: (turn: TurnRef, req: Req) => boolean | PromiseLike<boolean>;
  /** The rated turn's agent and prompt, for the score metric, when this process did not see it. */
  resolveTurn?: (turn: TurnRef, req: Req) => TurnLabels | undefined | PromiseLike<TurnLabels | undefined>;
}

export const FEEDBACK_ROUTE_DEFAULTS = { minScore: 0, maxScore: 1, maxCommentLength: 2000 } as const;
/** Largest feedback body read: a rating, a score and a comment fit well within it. */
export const MAX_FEEDBACK_BODY_BYTES = 16 * 1024;

const OPTION_KEYS: KeyList<FeedbackRouteOptions> = {
  agentspan: true,
  name: true,
  minScore: true,
  maxScore: true,
  maxCommentLength: true,
  userId: true,
  authorize: true,
  resolveTurn: true,
};
const BODY_KEYS = new Set(['turn', 'rating', 'score', 'comment']);

export interface FeedbackReply {
  status: number;
  body: { status: 'accepted'; turn: TurnRef } | { error: string; message: string };
}

function refuse(status: number, error: string, message: string): FeedbackReply {
  return { status, body: { error, message } };
}

/** The checked options of a feedback route. */
export class FeedbackRoute<Req extends HttpRequestLike = HttpRequestLike> {
  readonly minScore: number;
  readonly maxScore: number;
  readonly maxCommentLength: number;

  constructor(private readonly o: FeedbackRouteOptions<Req> = {}) {
    const where = 'feedback route';
    if (typeof o !== 'object' || o === null) throw new AgentspanConfigError(`${where}: options must be an object`);
    checkOptionKeys(where, o, OPTION_KEYS as KeyList<FeedbackRouteOptions<Req>>);
    const problem = validateIdentityOptions({ userId: o.userId as IdSource<never> | undefined });
    if (problem) throw new AgentspanConfigError(`${where}: ${problem}`);
    if (o.name !== undefined) {
      const named = checkFeedback({ name: o.name, rating: 'up' });
      if (!named.ok) throw new AgentspanConfigError(`${where}: ${named.problem}`);
    }
    for (const key of ['authorize', 'resolveTurn'] as const) {
      if (o[key] !== undefined && typeof o[key] !== 'function') throw new AgentspanConfigError(`${where}: ${key} must be a function`);
    }
    const as: unknown = o.agentspan;
    if (as !== undefined && (typeof as !== 'object' || as === null || typeof (as as Agentspan).recordFeedback !== 'function')) {
      throw new AgentspanConfigError(`${where}: agentspan must be an Agentspan instance`);
    }
    this.minScore = finite(where, 'minScore', o.minScore, FEEDBACK_ROUTE_DEFAULTS.minScore);
    this.maxScore = finite(where, 'maxScore', o.maxScore, FEEDBACK_ROUTE_DEFAULTS.maxScore);
    if (this.minScore >= this.maxScore) throw new AgentspanConfigError(`${where}: minScore must be below maxScore`);
    const max = o.maxCommentLength ?? FEEDBACK_ROUTE_DEFAULTS.maxCommentLength;
    if (!Number.isInteger(max) || max < 1) throw new AgentspanConfigError(`${where}: maxCommentLength must be an integer >= 1`);
    this.maxCommentLength = max;
    // Turns finished from now on are remembered: their feedback gets agent and prompt labels.
    this.agentspan.rememberTurns();
  }

  private get agentspan(): Agentspan {
    return this.o.agentspan ?? getAgentspan();
  }

  /**
   * Checks and records one request's feedback. `body` is the parsed JSON body. Never throws:
   * a fault of ours answers 500.
   */
  async handle(req: Req, body: unknown): Promise<FeedbackReply> {
    try {
      return await this.record(req, body);
    } catch (error) {
      reportInternal('feedback route', error);
      return refuse(500, 'internal_error', 'the feedback could not be recorded');
    }
  }

  private async record(req: Req, body: unknown): Promise<FeedbackReply> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return refuse(400, 'invalid_feedback', 'the body must be a JSON object { turn, rating | score, comment }');
    }
    for (const key of Object.keys(body)) {
      if (!BODY_KEYS.has(key)) return refuse(400, 'invalid_feedback', `unknown field ${JSON.stringify(key.slice(0, 64))} (valid: turn, rating, score, comment)`);
    }
    const b = body as Record<string, unknown>;
    if (b.turn === undefined) return refuse(400, 'invalid_feedback', 'turn is required: the traceresponse header of the rated response, or { traceId, spanId }');
    const target = resolveTarget(b.turn);
    if (!target.ok) return refuse(400, 'invalid_feedback', `turn: ${target.problem}`);
    if (typeof b.score === 'number' && (b.score < this.minScore || b.score > this.maxScore)) {
      return refuse(400, 'invalid_feedback', `score must be from ${this.minScore} to ${this.maxScore}`);
    }
    if (typeof b.comment === 'string' && b.comment.length > this.maxCommentLength) {
      return refuse(400, 'invalid_feedback', `comment must be at most ${this.maxCommentLength} characters`);
    }
    const turn = turnRefOf(target.spanContext);
    const { authorize, resolveTurn } = this.o;
    if (authorize && (await authorize(turn, req)) !== true) return refuse(403, 'forbidden', 'this user may not rate this turn');
    const labels = resolveTurn ? await resolveTurn(turn, req) : undefined;
    const userId = requestIdentity(req, { conversationId: false, userId: this.o.userId }).userId;
    const feedback: Record<string, unknown> = { rating: b.rating, score: b.score, comment: b.comment, name: this.o.name, userId };
    if (labels?.agentName !== undefined) feedback.agentName = labels.agentName;
    if (labels?.prompt !== undefined) feedback.prompt = labels.prompt;
    for (const key of Object.keys(feedback)) if (feedback[key] === undefined) delete feedback[key];
    const checked = checkFeedback(feedback);
    if (!checked.ok) return refuse(400, 'invalid_feedback', checked.problem);
    const as = this.agentspan;
    as.rememberTurns();
    await as.evaluations.recordChecked(turn, checked.value, 'feedback');
    return { status: 202, body: { status: 'accepted', turn } };
  }
}

function finite(where: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new AgentspanConfigError(`${where}: ${name} must be a finite number`);
  return value;
}
