// AgentspanModule.forRoot(options) / forRootAsync({ useFactory, inject }): registers the
// global interceptor, the tracer service and, with a budget, the budget guard.
import { Inject, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { setModuleAgentspan } from './active-instance.js';
import { AgentspanInterceptor } from './interceptor.js';
import { type AGENTSPAN_OPTIONS_TYPE, AgentspanConfigurableModule } from './module-definition.js';
import { type AgentspanModuleOptions, validateModuleOptions } from './options.js';
import { AGENTSPAN_MODULE_OPTIONS } from './tokens.js';
import { AgentspanTracer } from './tracer.service.js';

@Module({
  providers: [
    AgentspanTracer,
    { provide: APP_INTERCEPTOR, useClass: AgentspanInterceptor },
  ],
  exports: [AgentspanTracer],
})
export class AgentspanModule extends AgentspanConfigurableModule {
  constructor(@Inject(AGENTSPAN_MODULE_OPTIONS) options: AgentspanModuleOptions) {
    super();
    validateModuleOptions(options);
    setModuleAgentspan(options.agentspan);
  }

  /**
   * The budget guard is registered only when `budget` is set (every guard costs each
   * request). forRootAsync registers it unless `budgetGuard: false`: its options come later.
   */
  static override forRoot(options: typeof AGENTSPAN_OPTIONS_TYPE): DynamicModule {
    // biome-ignore lint/complexity/noThisInStatic: super passes this class as the dynamic module's `module`
    return super.forRoot({ ...options, budgetGuard: options.budgetGuard ?? options.budget !== undefined });
  }
}
