// @agentspan/conformance: the canonical span tree (spec S1-S6) as data, the normaliser,
// and a vitest suite any adapter runs unchanged.
export * from './runner.js';
export { spanTrees, type SpanNode } from './span-trees.js';
export { describeConformance, type ConformanceOptions } from './suite.js';
export { describeMcpConformance } from './mcp/suite.js';
export { describeEvaluationConformance, type EvaluationConformanceOptions } from './evaluation/suite.js';
