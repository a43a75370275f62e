export * from './attributes.js';
export * from './agentspan-attributes.js';
export * from './metrics.js';
export * from './span-names.js';
export * from './values.js';
export * from './conventions.js';
export * from './mcp.js';
export * from './evaluation.js';
