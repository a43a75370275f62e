// The Agentspan instance the module was configured with, for the method decorators
// (which run outside dependency injection). Falls back to the process default.
import { type Agentspan, getAgentspan } from '@agentspan/core';

let configured: Agentspan | undefined;

export function setModuleAgentspan(agentspan: Agentspan | undefined): void {
  configured = agentspan;
}

export function moduleAgentspan(): Agentspan {
  return configured ?? getAgentspan();
}
