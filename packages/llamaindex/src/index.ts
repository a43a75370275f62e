export { instrumentLlamaIndex, type LlamaIndexInstrumentationOptions } from './instrument.js';
export { instrumentLLM } from './llm.js';
export { nameDataSource } from './data-sources.js';
export type { ProviderResolver } from './provider.js';
export { traceWorkflow, type TraceWorkflowOptions } from './traced-workflow.js';
