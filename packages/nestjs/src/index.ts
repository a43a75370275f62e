export { AgentspanModule } from './agentspan.module.js';
export { AGENTSPAN_MODULE_OPTIONS } from './tokens.js';
export type { AgentspanModuleExtras } from './module-definition.js';
export type { AgentspanModuleOptions } from './options.js';
export { AgentspanInterceptor } from './interceptor.js';
export { AgentspanBudgetGuard, BudgetExceededException, BudgetUnavailableException, SkipBudget } from './budget.guard.js';
export { AgentspanTracer } from './tracer.service.js';
export { AgentspanFeedbackModule, type AgentspanFeedbackModuleOptions } from './feedback.module.js';
export {
  TraceAgent,
  TraceMemory,
  TraceRetrieval,
  TraceTool,
  type OptionsOf,
  type TraceAgentOptions,
  type TraceMemoryOptions,
  type TraceRetrievalOptions,
  type TraceToolOptions,
} from './decorators.js';
export {
  CostBudget,
  InMemoryBudgetStore,
  type BudgetExceededBody,
  type BudgetOptions,
  type BudgetStore,
  type BudgetUnavailableBody,
  type BudgetWindow,
} from '@agentspan/core';
