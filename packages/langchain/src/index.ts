export { AgentspanCallbackHandler, HANDLER_NAME } from './handler.js';
export { registerAgentspanHandler } from './global.js';
export { type TraceStoreOptions, type TracedStore, traceStore } from './traced-store.js';
export type { AgentspanLangChainOptions } from './options.js';
