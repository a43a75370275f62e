export { agentspan } from './middleware.js';
export { agentspanErrorHandler } from './error-handler.js';
export { agentTurn, requestAgentspan, requestContext, requestTrace, runInRequest } from './helpers.js';
export { requestAbortSignal } from './abort-signal.js';
export { agentspanFeedback, type AgentspanFeedbackOptions } from './feedback.js';
export { requestTurn } from './turn.js';
export type { AgentspanExpressOptions } from './options.js';
export type { ErrorMiddleware, Middleware, NextFunction } from './types.js';
export {
  CostBudget,
  InMemoryBudgetStore,
  type BudgetExceededBody,
  type BudgetOptions,
  type BudgetStore,
  type BudgetUnavailableBody,
  type BudgetWindow,
} from '@agentspan/core';
