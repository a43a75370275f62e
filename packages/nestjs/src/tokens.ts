/** Injection token of the module's options (AgentspanModuleOptions). */
export const AGENTSPAN_MODULE_OPTIONS = 'AGENTSPAN_MODULE_OPTIONS';
