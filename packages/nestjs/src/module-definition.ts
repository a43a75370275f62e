// forRoot / forRootAsync come from Nest's ConfigurableModuleBuilder. Extras: `isGlobal`
// (default true: the tracer service is injectable everywhere) and `budgetGuard` (whether
// the budget guard is registered globally; forRoot sets it from `budget`).
import type { DynamicModule, Provider } from '@nestjs/common';
import { ConfigurableModuleBuilder } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AgentspanBudgetGuard } from './budget.guard.js';
import type { AgentspanModuleOptions } from './options.js';
import { AGENTSPAN_MODULE_OPTIONS } from './tokens.js';

export interface AgentspanModuleExtras {
  isGlobal: boolean;
  /** Register AgentspanBudgetGuard as a global guard. forRoot: when `budget` is set; forRootAsync: default true. */
  budgetGuard?: boolean;
}

function withGuard(definition: DynamicModule, extras: AgentspanModuleExtras): DynamicModule {
  const providers: Provider[] = [...(definition.providers ?? [])];
  if (extras.budgetGuard !== false) providers.push({ provide: APP_GUARD, useClass: AgentspanBudgetGuard });
  return { ...definition, global: extras.isGlobal, providers };
}

export const {
  ConfigurableModuleClass: AgentspanConfigurableModule,
  OPTIONS_TYPE: AGENTSPAN_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: AGENTSPAN_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AgentspanModuleOptions>({ moduleName: 'Agentspan', optionsInjectionToken: AGENTSPAN_MODULE_OPTIONS })
  .setClassMethodName('forRoot')
  .setExtras<AgentspanModuleExtras>({ isGlobal: true, budgetGuard: undefined }, withGuard)
  .build();
