// One-call global setup. Idempotent: a second call (or a second copy of this package)
// finds the integration already registered and returns it.
import { registerTelemetry } from 'ai';
import { AGENTSPAN_INTEGRATION, type AgentspanTelemetry, agentspanTelemetry } from './integration.js';
import type { AgentspanTelemetryOptions } from './options.js';

function registered(): readonly unknown[] {
  return (globalThis as { AI_SDK_TELEMETRY_INTEGRATIONS?: unknown[] }).AI_SDK_TELEMETRY_INTEGRATIONS ?? [];
}

function isAgentspan(value: unknown): value is AgentspanTelemetry {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[AGENTSPAN_INTEGRATION] === true;
}

/** Registers the agentspan integration globally (once) and returns it. Options of a later call are ignored. */
export function registerAgentspanTelemetry(options?: AgentspanTelemetryOptions): AgentspanTelemetry {
  const existing = registered().find(isAgentspan);
  if (existing) return existing;
  const integration = agentspanTelemetry(options);
  registerTelemetry(integration);
  return integration;
}
