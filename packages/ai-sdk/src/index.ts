export { AgentspanTelemetry, agentspanTelemetry } from './integration.js';
export { registerAgentspanTelemetry } from './register.js';
export type { AgentspanTelemetryOptions } from './options.js';
export { tracedRetrieval, type TracedRetrievalOptions } from './retrieval.js';
export { traceMemoryStore, DEFAULT_MEMORY_METHODS, type TraceMemoryStoreOptions } from './memory.js';
