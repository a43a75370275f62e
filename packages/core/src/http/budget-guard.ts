// Applies a cost budget to one traced request: the decision before the handler; when the
// request ends (sent, failed or aborted), its reservation settled with its real cost.
import { ATTR_AGENTSPAN_BUDGET_KEY, ATTR_AGENTSPAN_BUDGET_LIMIT_USD } from '@agentspan/semconv';
import { reportInternal } from '../safety.js';
import type { BudgetDecision, CostBudget } from './budget.js';
import type { HttpRequestTrace } from './request-trace.js';

function apply<Req>(trace: HttpRequestTrace, budget: CostBudget<Req>, decision: BudgetDecision): BudgetDecision {
  try {
    if (decision.allowed) {
      if (decision.key !== undefined) trace.onEnd((t) => budget.settle(decision, t.rollup.costUsd));
    } else {
      trace.span.setAttributes({
        [ATTR_AGENTSPAN_BUDGET_KEY]: decision.key,
        [ATTR_AGENTSPAN_BUDGET_LIMIT_USD]: budget.limitUsd,
      });
    }
  } catch (error) {
    reportInternal('http: apply budget', error);
    budget.settle(decision, undefined); // a reservation nothing would settle is released now
  }
  return decision;
}

/**
 * Checks the request against the budget. The adapter answers a refusal with
 * `decision.status` (429, or 503 when the store failed and errors do not pass),
 * `decision.headers` and the JSON `decision.body`, and does not run the handler. An
 * admission's reservation is settled when the request's trace ends. Synchronous when the
 * store is; never throws or rejects.
 */
export function checkRequestBudget<Req>(
  trace: HttpRequestTrace,
  budget: CostBudget<Req>,
  req: Req,
): BudgetDecision | Promise<BudgetDecision> {
  const decision = budget.check(trace.identity, req);
  if (!(decision instanceof Promise)) return apply(trace, budget, decision);
  return decision.then((d) => apply(trace, budget, d));
}
