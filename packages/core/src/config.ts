// Validation and defaults of AgentspanConfig: bad configuration fails at creation, with a
// message naming the option (unknown keys too, with the closest valid one).
import { ENV_CAPTURE_MESSAGE_CONTENT, ENV_SEMCONV_STABILITY_OPT_IN, semconvOptInWantsDup } from '@agentspan/semconv';
import { type ResolvedRedaction, resolveRedaction } from './content/redaction-config.js';
import { AgentspanConfigError } from './errors.js';
import { type KeyList, checkOptionKeys } from './option-keys.js';
import type { AgentspanConfig } from './types.js';

export const DEFAULTS = {
  contentMaxLength: 16_384,
  streamIdleTimeoutMs: 300_000,
  runMaxSize: 10_000,
  runTtlMs: 600_000,
} as const;
const MIN_CONTENT_LENGTH = 16;
/** The longest delay a timer takes (2^31 - 1 ms, about 24.8 days); a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

const CONFIG_KEYS: KeyList<AgentspanConfig> = {
  tracerProvider: true,
  meterProvider: true,
  captureContent: true,
  contentMaxLength: true,
  redaction: true,
  prices: true,
  replaceBuiltInPrices: true,
  legacyMetrics: true,
  streamIdleTimeoutMs: true,
  runRegistry: true,
  loggerProvider: true,
};
const RUN_REGISTRY_KEYS: KeyList<NonNullable<AgentspanConfig['runRegistry']>> = { maxSize: true, ttlMs: true };

export interface ResolvedConfig {
  captureContent: boolean;
  contentMaxLength: number;
  streamIdleTimeoutMs: number;
  legacyMetrics: boolean;
  runMaxSize: number;
  runTtlMs: number;
  redaction: ResolvedRedaction;
}

function integerIn(name: string, value: unknown, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `from ${min} to ${max}`;
    throw new AgentspanConfigError(`${name} must be an integer ${range}, got ${String(value)}`);
  }
  return value;
}

function optionalBoolean(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') throw new AgentspanConfigError(`${name} must be a boolean`);
}

function optionalObject(name: string, value: unknown): value is object {
  if (value === undefined) return false;
  if (typeof value !== 'object' || value === null) throw new AgentspanConfigError(`${name} must be an object`);
  return true;
}

/** A provider must have the method the core calls on it (`getTracer` / `getMeter`). */
function optionalProvider(name: string, value: unknown, method: string): void {
  if (value === undefined) return;
  if (typeof value !== 'object' || value === null || typeof (value as Record<string, unknown>)[method] !== 'function') {
    throw new AgentspanConfigError(`${name} must be an OpenTelemetry ${name[0]?.toUpperCase()}${name.slice(1)} (an object with ${method}())`);
  }
}

function envCapture(): boolean {
  const raw = typeof process !== 'undefined' ? process.env?.[ENV_CAPTURE_MESSAGE_CONTENT] : undefined;
  return raw?.trim().toLowerCase() === 'true';
}

/** OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental/dup: the replaced names too. */
function envDup(): boolean {
  return semconvOptInWantsDup(typeof process !== 'undefined' ? process.env?.[ENV_SEMCONV_STABILITY_OPT_IN] : undefined);
}

export function resolveConfig(config: AgentspanConfig = {}): ResolvedConfig {
  if (typeof config !== 'object' || config === null) throw new AgentspanConfigError('config must be an object');
  checkOptionKeys('agentspan config', config, CONFIG_KEYS);
  optionalProvider('tracerProvider', config.tracerProvider, 'getTracer');
  optionalProvider('meterProvider', config.meterProvider, 'getMeter');
  optionalProvider('loggerProvider', config.loggerProvider, 'getLogger');
  optionalBoolean('captureContent', config.captureContent);
  optionalBoolean('legacyMetrics', config.legacyMetrics);
  optionalBoolean('replaceBuiltInPrices', config.replaceBuiltInPrices);
  if (optionalObject('runRegistry', config.runRegistry)) {
    checkOptionKeys('agentspan config runRegistry', config.runRegistry, RUN_REGISTRY_KEYS);
  }
  return {
    captureContent: config.captureContent ?? envCapture(),
    contentMaxLength: integerIn('contentMaxLength', config.contentMaxLength, DEFAULTS.contentMaxLength, MIN_CONTENT_LENGTH),
    streamIdleTimeoutMs: integerIn('streamIdleTimeoutMs', config.streamIdleTimeoutMs, DEFAULTS.streamIdleTimeoutMs, 1, MAX_TIMER_MS),
    legacyMetrics: config.legacyMetrics === undefined ? envDup() : config.legacyMetrics === true,
    runMaxSize: integerIn('runRegistry.maxSize', config.runRegistry?.maxSize, DEFAULTS.runMaxSize, 1),
    runTtlMs: integerIn('runRegistry.ttlMs', config.runRegistry?.ttlMs, DEFAULTS.runTtlMs, 1, MAX_TIMER_MS),
    redaction: resolveRedaction(config.redaction),
  };
}
