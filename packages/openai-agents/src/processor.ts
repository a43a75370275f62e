// The trace processor: the SDK hands it every span it makes. The SDK calls processors one
// after another and awaits each (OpenAI's exporter, added first, may await an upload), so a
// callback can come late; it runs in the work's async context, though, so the run it belongs
// to is the active context's. It adopts the spans only the SDK knows of (guardrails, handoffs,
// handed-off agents) and ends guardrails, the one kind with no other end signal.
import { safely } from '@agentspan/core';
import { context as otelContext } from '@opentelemetry/api';
import { generationSpanSeen } from './model.js';
import { scopeOf } from './run-context.js';
import type { SdkSpan } from './sdk.js';
import { activeTracing } from './tracing.js';

const DONE: Promise<void> = Promise.resolve();

/** The subset of the SDK's TracingProcessor this implements (every method; none ever rejects). */
export interface TracingProcessorLike {
  start?(): void;
  onTraceStart(trace: unknown): Promise<void>;
  onTraceEnd(trace: unknown): Promise<void>;
  onSpanStart(span: unknown): Promise<void>;
  onSpanEnd(span: unknown): Promise<void>;
  shutdown(timeout?: number): Promise<void>;
  forceFlush(): Promise<void>;
}

function isSpan(value: unknown): value is SdkSpan {
  return typeof value === 'object' && value !== null && typeof (value as SdkSpan).spanId === 'string';
}

export class AgentspanTracingProcessor implements TracingProcessorLike {
  onTraceStart(): Promise<void> {
    return DONE;
  }
  onTraceEnd(): Promise<void> {
    return DONE;
  }
  onSpanStart(span: unknown): Promise<void> {
    if (activeTracing() && isSpan(span)) {
      safely('openai-agents: span start', () => {
        generationSpanSeen(span);
        scopeOf(otelContext.active())?.spanStarted(span);
      });
    }
    return DONE;
  }
  onSpanEnd(span: unknown): Promise<void> {
    if (activeTracing() && isSpan(span)) {
      safely('openai-agents: span end', () => {
        generationSpanSeen(span);
        scopeOf(otelContext.active())?.spanEnded(span);
      });
    }
    return DONE;
  }
  shutdown(): Promise<void> {
    return DONE;
  }
  forceFlush(): Promise<void> {
    return DONE;
  }
}
