// The cost budget as a Nest guard: a request over its key's budget is refused with 429
// and a JSON body (which limit, when it resets) before the handler runs; an admitted one
// holds a reservation until the request ends.
import { type CostBudget, type HttpRequestLike, checkRequestBudget, costBudget } from '@agentspan/core';
import { type CanActivate, type ExecutionContext, HttpException, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { diag } from '@opentelemetry/api';
import { AGENTSPAN_MODULE_OPTIONS } from './tokens.js';
import type { AgentspanModuleOptions } from './options.js';
import { traceExecution } from './request-trace.js';

/** Exempts a controller or handler from the budget: `@SkipBudget()`. */
export const SkipBudget = Reflector.createDecorator<boolean | undefined>({ transform: (value) => value !== false });

/** Thrown for a request over its budget; Nest's exception layer sends it as the 429 JSON response. */
export class BudgetExceededException extends HttpException {}

/** Thrown when the budget's store failed and `passOnStoreError` is false: a 503 JSON response. */
export class BudgetUnavailableException extends HttpException {}

@Injectable()
export class AgentspanBudgetGuard implements CanActivate {
  private readonly budget: CostBudget<HttpRequestLike> | undefined;

  constructor(
    @Inject(AGENTSPAN_MODULE_OPTIONS) private readonly options: AgentspanModuleOptions,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {
    // Bad budget options throw AgentspanConfigError here, when the app starts.
    this.budget = options.budget === undefined ? undefined : costBudget(options.budget);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const budget = this.budget;
    if (!budget) return true;
    let refusal: HttpException | undefined;
    try {
      if (this.reflector.getAllAndOverride(SkipBudget, [ctx.getHandler(), ctx.getClass()])) return true;
      const traced = traceExecution(ctx, this.options);
      if (!traced) return true;
      const decision = await checkRequestBudget(traced.trace, budget, traced.exchange.raw);
      if (decision.allowed) return true;
      for (const [name, value] of Object.entries(decision.headers)) {
        if (!traced.exchange.response.headersSent) traced.exchange.response.setHeader(name, value);
      }
      refusal =
        decision.status === 429
          ? new BudgetExceededException(decision.body, decision.status)
          : new BudgetUnavailableException(decision.body, decision.status);
    } catch (error) {
      diag.error('agentspan: budget guard failed; the request is let through', error);
      return true;
    }
    throw refusal;
  }
}
