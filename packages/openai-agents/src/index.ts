export { instrumentOpenAIAgents, type OpenAIAgentsInstrumentationOptions } from './instrument.js';
export { toolErrorFunction, type ToolErrorFormatter } from './tool-errors.js';
export { instrumentModel } from './model.js';
export { AgentspanTracingProcessor } from './processor.js';
export type { ProviderResolver } from './tracing.js';
