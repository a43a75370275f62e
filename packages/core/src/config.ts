// Validation and defaults of AgentspanConfig: bad configuration fails at creation.
import { ENV_CAPTURE_MESSAGE_CONTENT } from '@agentspan/semconv';
import { AgentspanConfigError } from './errors.js';
import type { AgentspanConfig } from './types.js';

export const DEFAULTS = {
  contentMaxLength: 16_384,
  streamIdleTimeoutMs: 300_000,
  runMaxSize: 10_000,
  runTtlMs: 600_000,
} as const;
const MIN_CONTENT_LENGTH = 16;

export interface ResolvedConfig {
  captureContent: boolean;
  contentMaxLength: number;
  streamIdleTimeoutMs: number;
  legacyMetrics: boolean;
  runMaxSize: number;
  runTtlMs: number;
}

function positiveInteger(name: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new AgentspanConfigError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

function envCapture(): boolean {
  const raw = typeof process !== 'undefined' ? process.env?.[ENV_CAPTURE_MESSAGE_CONTENT] : undefined;
  return raw?.trim().toLowerCase() === 'true';
}

export function resolveConfig(config: AgentspanConfig = {}): ResolvedConfig {
  if (typeof config !== 'object' || config === null) throw new AgentspanConfigError('config must be an object');
  if (config.captureContent !== undefined && typeof config.captureContent !== 'boolean') {
    throw new AgentspanConfigError('captureContent must be a boolean');
  }
  const lp: unknown = config.loggerProvider;
  if (lp !== undefined && (typeof lp !== 'object' || lp === null || typeof (lp as { getLogger?: unknown }).getLogger !== 'function')) {
    throw new AgentspanConfigError('loggerProvider must be a LoggerProvider (an object with getLogger)');
  }
  const hook = config.redaction?.hook;
  if (hook !== undefined && typeof hook !== 'function') {
    throw new AgentspanConfigError('redaction.hook must be a function (text) => string');
  }
  return {
    captureContent: config.captureContent ?? envCapture(),
    contentMaxLength: positiveInteger('contentMaxLength', config.contentMaxLength, DEFAULTS.contentMaxLength, MIN_CONTENT_LENGTH),
    streamIdleTimeoutMs: positiveInteger('streamIdleTimeoutMs', config.streamIdleTimeoutMs, DEFAULTS.streamIdleTimeoutMs),
    legacyMetrics: config.legacyMetrics === true,
    runMaxSize: positiveInteger('runRegistry.maxSize', config.runRegistry?.maxSize, DEFAULTS.runMaxSize),
    runTtlMs: positiveInteger('runRegistry.ttlMs', config.runRegistry?.ttlMs, DEFAULTS.runTtlMs),
  };
}
