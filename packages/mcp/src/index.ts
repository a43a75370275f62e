// @agentspan/mcp: OpenTelemetry spans for the Model Context Protocol (official TypeScript
// SDK, and any transport of its shape), both sides, one trace across the processes.
export { instrumentMcp, type InstrumentMcpOptions, type McpInstrumentation } from './instrument.js';
export { traceMcpTransport, type McpTransportLike } from './traced-transport.js';
export type { McpTraceOptions } from './options.js';
export { McpResponseError, McpToolResultError } from './errors.js';
