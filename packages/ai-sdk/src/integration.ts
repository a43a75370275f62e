// The AI SDK 7 Telemetry integration: every hook translates one event into core calls,
// inside `safely` so that no fault of ours reaches the application. The two wrappers run
// the application's work (provider call, tool body) untouched when we have no span for it.
import type { Telemetry } from 'ai';
import type {
  AbortEvent,
  EmbedCallEndEvent,
  EmbedCallStartEvent,
  ExecuteModelCallOptions,
  ExecuteToolOptions,
  ModelCallEndEvent,
  ModelCallStartEvent,
  ObjectStepEndEvent,
  ObjectStepStartEvent,
  OperationEndEvent,
  OperationStartEvent,
  RerankCallEndEvent,
  RerankCallStartEvent,
  StepEndEvent,
  StepErrorEvent,
  StepStartEvent,
  ToolEndEvent,
  ToolStartEvent,
} from './events.js';
import { onEmbedEnd, onEmbedStart, onRerankEnd, onRerankStart } from './handlers/embed-rerank-events.js';
import {
  chatFor,
  onModelCallEnd,
  onModelCallStart,
  onObjectStepEnd,
  onObjectStepStart,
  runModelCall,
} from './handlers/model-call-events.js';
import { onOperationAbort, onOperationEnd, onOperationError, onOperationStart } from './handlers/operation-events.js';
import { onStepEnd, onStepError, onStepStart } from './handlers/step-events.js';
import { onToolEnd, onToolStart, runTool, toolFor } from './handlers/tool-events.js';
import { type AgentspanTelemetryOptions, resolveOptions } from './options.js';
import { RunTracker } from './run-tracker.js';
import { reportInternal, safely } from '@agentspan/core';

/** Marks agentspan integrations (registerAgentspanTelemetry registers one at most). */
export const AGENTSPAN_INTEGRATION = Symbol.for('agentspan.ai-sdk.integration');

export class AgentspanTelemetry implements Telemetry {
  readonly [AGENTSPAN_INTEGRATION] = true;
  private readonly t: RunTracker;

  // Step hooks exist only in verbose mode: the AI SDK copies every step result for each
  // integration that has them, a cost worth paying only when steps make spans.
  readonly onStepStart?: (event: StepStartEvent) => void;
  readonly onStepEnd?: (event: StepEndEvent) => void;
  readonly onStepError?: (event: StepErrorEvent) => void;

  constructor(options?: AgentspanTelemetryOptions) {
    const t = new RunTracker(resolveOptions(options));
    this.t = t;
    if (t.options.verbose) {
      this.onStepStart = (event) => safely('onStepStart', () => onStepStart(t, event));
      this.onStepEnd = (event) => safely('onStepEnd', () => onStepEnd(t, event));
      this.onStepError = (event) => safely('onStepError', () => onStepError(t, event));
    }
  }

  /** Calls in flight (for tests and diagnostics). */
  get activeCalls(): number {
    return this.t.size;
  }

  /** Ends every call in flight as expired (shutdown, tests). */
  shutdown(): void {
    safely('shutdown', () => this.t.clear());
  }

  onStart(event: OperationStartEvent): void {
    safely('onStart', () => onOperationStart(this.t, event));
  }
  onEnd(event: OperationEndEvent): void {
    safely('onEnd', () => onOperationEnd(this.t, event));
  }
  onError(event: unknown): void {
    safely('onError', () => onOperationError(this.t, event));
  }
  onAbort(event: AbortEvent): void {
    safely('onAbort', () => onOperationAbort(this.t, event));
  }
  onLanguageModelCallStart(event: ModelCallStartEvent): void {
    safely('onLanguageModelCallStart', () => onModelCallStart(this.t, event));
  }
  onLanguageModelCallEnd(event: ModelCallEndEvent): void {
    safely('onLanguageModelCallEnd', () => onModelCallEnd(this.t, event));
  }
  onObjectStepStart(event: ObjectStepStartEvent): void {
    safely('onObjectStepStart', () => onObjectStepStart(this.t, event));
  }
  onObjectStepEnd(event: ObjectStepEndEvent): void {
    safely('onObjectStepEnd', () => onObjectStepEnd(this.t, event));
  }
  onToolExecutionStart(event: ToolStartEvent): void {
    safely('onToolExecutionStart', () => onToolStart(this.t, event));
  }
  onToolExecutionEnd(event: ToolEndEvent): void {
    safely('onToolExecutionEnd', () => onToolEnd(this.t, event));
  }
  onEmbedStart(event: EmbedCallStartEvent): void {
    safely('onEmbedStart', () => onEmbedStart(this.t, event));
  }
  onEmbedEnd(event: EmbedCallEndEvent): void {
    safely('onEmbedEnd', () => onEmbedEnd(this.t, event));
  }
  onRerankStart(event: RerankCallStartEvent): void {
    safely('onRerankStart', () => onRerankStart(this.t, event));
  }
  onRerankEnd(event: RerankCallEndEvent): void {
    safely('onRerankEnd', () => onRerankEnd(this.t, event));
  }

  executeLanguageModelCall<T>(options: ExecuteModelCallOptions<T>): PromiseLike<T> {
    let found: ReturnType<typeof chatFor>;
    try {
      found = chatFor(this.t, options.callId);
    } catch (error) {
      reportInternal('executeLanguageModelCall', error);
    }
    return found ? runModelCall(found, options) : options.execute();
  }

  executeTool<T>(options: ExecuteToolOptions<T>): PromiseLike<T> {
    let op: ReturnType<typeof toolFor>;
    try {
      op = toolFor(this.t, options.callId, options.toolCallId);
    } catch (error) {
      reportInternal('executeTool', error);
    }
    return op ? runTool(op, options) : options.execute();
  }
}

/** Creates the agentspan integration, for `registerTelemetry(…)` or per call `telemetry.integrations`. */
export function agentspanTelemetry(options?: AgentspanTelemetryOptions): AgentspanTelemetry {
  return new AgentspanTelemetry(options);
}
