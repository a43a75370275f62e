// agentspan(): makes each request the root of its agent span tree. One server span per
// request (instrumentation-http's, else ours), the turn's ids from the request, the rest
// of the request run inside that context, the rollups on the server span, the budget.
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type Agentspan,
  type BudgetDecision,
  type HttpRequestTrace,
  checkRequestBudget,
  costBudget,
  getAgentspan,
  activeHttpRequestTrace,
  httpTraceHost,
  setTraceResponse,
  startHttpRequest,
} from '@agentspan/core';
import { context, diag } from '@opentelemetry/api';
import { sendBudgetRefusal } from './budget-response.js';
import { type AgentspanExpressOptions, validateOptions } from './options.js';
import { routeOf } from './route.js';
import type { Middleware, NextFunction } from './types.js';

/**
 * The middleware. Register it before the routes (`app.use(agentspan())`), and
 * `agentspanErrorHandler()` after them. Throws `AgentspanConfigError` on bad options.
 */
export function agentspan(options: AgentspanExpressOptions = {}): Middleware {
  validateOptions(options);
  const budget = options.budget === undefined ? undefined : costBudget(options.budget);
  const identity = { conversationId: options.conversationId, userId: options.userId };
  // bindBody: a request body is read from stream listeners (body parsers), which must run in our context.
  const startOptions = { identity, onlyRecording: !budget, fresh: true, bindBody: true, route: routeOf };
  // Behind instrumentation-http its span ends with the response, and the trace with it: the
  // response is hooked only when something needs its end (the budget's spend, when the
  // request has a key), or to name every request by its route.
  const endLazily = options.nameEveryRequest !== true;
  const traceResponse = options.traceResponse === true;

  return function agentspanMiddleware(req: IncomingMessage, res: ServerResponse, next: NextFunction): void {
    let trace: HttpRequestTrace | undefined;
    let decision: BudgetDecision | Promise<BudgetDecision> | undefined;
    try {
      // Registered twice, or behind another agentspan adapter: the request is traced, and
      // this runs in its context (asking the context reads nothing of the request object).
      if (activeHttpRequestTrace(req)) {
        next();
        return;
      }
      const as: Agentspan = options.agentspan ?? getAgentspan();
      // Without a budget an unrecorded request (no SDK, not sampled) is left alone.
      trace = startHttpRequest(httpTraceHost(as), req, startOptions);
      if (trace) {
        trace.endWithResponse(res, endLazily);
        if (traceResponse) setTraceResponse(res, trace.span);
        if (budget) decision = checkRequestBudget(trace, budget, req);
      }
    } catch (error) {
      diag.error('agentspan: express middleware failed; the request runs untraced', error);
      trace = undefined;
      decision = undefined;
    }
    if (!trace) {
      next();
      return;
    }
    if (decision === undefined) runNext(trace, next);
    else afterBudget(decision, trace, res, next);
  };
}

/** Sends the 429 when the budget refuses the request, else runs the rest of it (kept apart: its closure would cost every request). */
function afterBudget(
  decision: BudgetDecision | Promise<BudgetDecision>,
  trace: HttpRequestTrace,
  res: ServerResponse,
  next: NextFunction,
): void {
  const proceed = (d: BudgetDecision | undefined) => {
    if (d && !d.allowed) {
      try {
        sendBudgetRefusal(res, d);
        return;
      } catch (error) {
        diag.error('agentspan: could not send the budget response', error);
      }
    }
    runNext(trace, next);
  };
  if (decision instanceof Promise) {
    decision
      .then(proceed, () => proceed(undefined))
      .then(undefined, (error: unknown) => diag.error('agentspan: express middleware failed after the budget check', error));
  } else proceed(decision);
}

/** The rest of the request, in its trace's context. */
function runNext(trace: HttpRequestTrace, next: NextFunction): void {
  context.with(trace.context, next);
}
