// Each tool's `call`, wrapped once. Inside AgentWorkflow.callTool (which owns the span)
// the wrapper hands the tool's own exception to that span through the context: the
// framework turns it into text for the model and rethrows a plain Error, losing its class.
// Called anywhere else (legacy agents), the wrapper makes the execute_tool span itself.
import type { ToolOperation } from '@agentspan/core';
import { callWithin, isNativePromise, observeSettlement, reportInternal, safely } from '@agentspan/core';
import { context as otelContext, createContextKey } from '@opentelemetry/api';
import { FRAMEWORK, type Tracing, activeTracing } from './active.js';
import { clearAnnounced, takeAnnounced } from './tool-call-events.js';

/** Where the tool's own error is left for the span of AgentWorkflow.callTool. */
export const ERROR_SLOT = createContextKey('agentspan.llamaindex.toolError');
const WRAPPED = Symbol.for('agentspan.llamaindex.tool');

export interface ErrorSlot {
  failed: boolean;
  error?: unknown;
}

export interface ToolShape {
  metadata?: { name?: unknown; description?: unknown };
  call?: unknown;
  [WRAPPED]?: true;
}

type CallFn = (this: unknown, ...args: unknown[]) => unknown;

/** The span of a tool called outside AgentWorkflow (undefined: untraced, e.g. a tool without a name). */
function startStandalone(tracing: Tracing, tool: ToolShape, args: unknown[]): ToolOperation | undefined {
  const name = tool.metadata?.name;
  const callId = takeAnnounced(name, args[0]);
  if (typeof name !== 'string') return undefined;
  const description = tool.metadata?.description;
  return tracing.agentspan.startTool({
    name,
    callId,
    description: typeof description === 'string' ? description : undefined,
    framework: FRAMEWORK,
    arguments: () => args[0],
  });
}

/** A tool called outside AgentWorkflow: its own execute_tool span around the call. */
function standaloneCall(tracing: Tracing, tool: ToolShape, original: CallFn, self: unknown, args: unknown[]): unknown {
  const op = safely('tool start', () => startStandalone(tracing, tool, args), undefined);
  if (!op) return original.apply(self, args);
  // The caller gets the tool's own value back (the same promise, extra methods and all).
  return callWithin(op, original as (this: unknown, ...a: never[]) => unknown, self, args, toolResult);
}

function toolResult(output: unknown): { result: () => unknown } {
  return { result: () => output };
}

const noop = (): void => {};

/** The tool's own error, kept for the span (the first one wins). */
function record(slot: ErrorSlot, error: unknown): void {
  if (slot.failed) return;
  slot.failed = true;
  slot.error = error;
}

/** Wraps a tool's `call` once so its own exception reaches the span that runs it. */
export function wrapTool(tool: ToolShape): void {
  try {
    if (tool[WRAPPED] || typeof tool.call !== 'function') return;
    const original = tool.call as CallFn;
    const traced: CallFn = function (this: unknown, ...args: unknown[]) {
      const slot = otelContext.active().getValue(ERROR_SLOT) as ErrorSlot | undefined;
      if (!slot) {
        const tracing = activeTracing();
        if (!tracing) return original.apply(this, args);
        return standaloneCall(tracing, tool, original, this, args);
      }
      clearAnnounced();
      let result: unknown;
      try {
        result = original.apply(this, args);
      } catch (error) {
        record(slot, error);
        throw error;
      }
      // Watched, not replaced: the framework gets the tool's own promise back.
      if (isNativePromise(result)) observeSettlement(result, noop, (error) => record(slot, error));
      return result;
    };
    Object.defineProperty(tool, 'call', { value: traced, writable: true, configurable: true, enumerable: true });
    Object.defineProperty(tool, WRAPPED, { value: true });
  } catch (error) {
    reportInternal('wrap tool', error);
  }
}
