// One Runner.run call: its operations, and which SDK span each belongs to. A run of an agent
// that cannot hand off is one invoke_agent (or the application's, merged); a run of an agent
// that can is a conversation turn, handle_conversation_turn {entry agent}, with each agent's
// stretch its own invoke_agent below it, one after the other. Tools, handoffs and guardrails
// hang under the agent whose turn runs them. Everything ends when the run settles, innermost
// first; nothing outlives the run.
import type { AgentOperation, ChatOperation, GuardrailOperation, ToolOperation } from '@agentspan/core';
import { abandon, abortError, safely } from '@agentspan/core';
import type { Context } from '@opentelemetry/api';
import { MAX_DEPTH, currentSdkSpan, parentSpanOf } from './current-span.js';
import { finalOutputMessages, parseJson } from './messages.js';
import { RunContext } from './run-context.js';
import { type SdkAgent, type SdkSpan, type SdkTool, type SdkToolCall, text } from './sdk.js';
import { FRAMEWORK, type Tracing } from './tracing.js';

interface Contextual {
  readonly context: Context;
}

interface ToolEntry {
  readonly op: ToolOperation;
  /** What the tool's SDK span resolves to once the tool has ended. */
  readonly parent: Contextual;
  /** The SDK's function span, when its tracing is on. */
  readonly span: SdkSpan | undefined;
  /** The tool's own exception, when toolErrorFunction() saw it. */
  error?: { value: unknown };
}

/** A model's request to hand off: the handoff tool it called. */
interface HandoffCall {
  name: string;
  callId: string | undefined;
  arguments: unknown;
}

/** How the run ended. */
export type RunOutcome = { output: unknown } | { error: unknown } | { cancelled: unknown };

function callKey(toolCall: SdkToolCall | undefined, tool: SdkTool): string {
  return text(toolCall?.callId) ?? text(toolCall?.id) ?? `name:${String(tool.name ?? '')}`;
}

/** A tool's kind in the conventions: the SDK runs function tools and local extensions (computer, shell, patch). */
function toolType(tool: SdkTool): 'function' | 'extension' {
  return tool.type === undefined || tool.type === 'function' ? 'function' : 'extension';
}

export class RunScope {
  /** The context the run's code sees (see run-context.ts). */
  readonly context: Context = new RunContext(this);
  private readonly bySpan = new Map<string, Contextual>();
  private readonly tools = new Map<string, ToolEntry>();
  private readonly guardrails = new Map<string, { op: GuardrailOperation; span: SdkSpan; parent: Contextual }>();
  /** Model calls in flight (a stream may outlive the call that made it). */
  private readonly chats = new Set<ChatOperation>();
  /** Handed-off agents, in the order they took over. */
  private readonly agents: AgentOperation[] = [];
  private current: AgentOperation;
  private handoff: { op: ToolOperation; span: SdkSpan | undefined; parent: Contextual } | undefined;
  private handoffCall: HandoffCall | undefined;
  private closed = false;

  constructor(
    private readonly tracing: Tracing,
    readonly root: AgentOperation,
    /** The root is a conversation turn: every agent gets its own invoke_agent below it. */
    private readonly turn: boolean,
    /** The SDK span current when the run was called (an enclosing run's tool): not ours. */
    private readonly boundary: SdkSpan | undefined,
    private readonly onClose: () => void,
  ) {
    this.current = root;
  }

  get ended(): boolean {
    return this.closed;
  }

  /** The context of the operation the calling code belongs to. */
  currentContext(): Context {
    if (this.closed) return this.root.context;
    return this.resolve(currentSdkSpan()).context;
  }

  /** The operation for an SDK span: its own, or the nearest ancestor's; the current agent's when none. */
  private resolve(span: SdkSpan | undefined): Contextual {
    let s = span;
    for (let depth = 0; s && depth < MAX_DEPTH; depth++) {
      if (s.spanId === this.boundary?.spanId) break;
      const known = this.bySpan.get(s.spanId);
      if (known) return known;
      const adopted = this.adopt(s);
      if (adopted) return adopted;
      const parent = s.parentId ? this.bySpan.get(s.parentId) : undefined;
      if (parent) return parent;
      s = parentSpanOf(s);
    }
    return this.current;
  }

  /** The operation an SDK span of a kind agentspan records gets when first seen. */
  private adopt(span: SdkSpan): Contextual | undefined {
    const data = span.spanData;
    switch (data?.type) {
      case 'agent':
        return this.adoptAgent(span);
      case 'handoff':
        return this.adoptHandoff(span);
      case 'guardrail':
        return this.adoptGuardrail(span);
      default:
        return undefined; // folded: task, turn, generation, response, custom, mcp_tools…
    }
  }

  /**
   * An SDK agent span (one per agent's stretch of the run): in a turn, that agent's own
   * invoke_agent; else the root for the run's agent, a nested one for an agent handed to.
   */
  private adoptAgent(span: SdkSpan): Contextual {
    const name = text(span.spanData.name);
    const op = name && (this.turn || name !== this.current.name) ? this.startAgent(name) : this.current;
    this.bySpan.set(span.spanId, op);
    return op;
  }

  /**
   * An agent takes over. In a turn: the previous agent's stretch is over, the new one is its
   * own invoke_agent under the turn. Otherwise it nests under the agent that handed off.
   */
  private startAgent(name: string): AgentOperation {
    if (this.turn && this.current !== this.root) this.current.end();
    const parent = this.turn ? this.root : this.current;
    const op = this.tracing.agentspan.startAgent({ name, parent: parent.context, framework: FRAMEWORK });
    this.agents.push(op);
    this.current = op;
    return op;
  }

  /** The handoff tool call's span; without the SDK's span (its tracing off) an instant one. */
  private adoptHandoff(span: SdkSpan | undefined): Contextual {
    const call = this.handoffCall;
    this.handoffCall = undefined;
    const capture = this.tracing.agentspan.captureContent;
    const op = this.tracing.agentspan.startTool({
      name: call?.name ?? 'handoff',
      callId: call?.callId,
      type: 'function',
      description: 'hand off to another agent',
      framework: FRAMEWORK,
      parent: this.current.context,
      arguments: capture && call ? () => call.arguments : undefined,
    });
    this.endHandoff();
    this.handoff = { op, span, parent: this.current };
    if (span) this.bySpan.set(span.spanId, op);
    return op;
  }

  private adoptGuardrail(span: SdkSpan): Contextual {
    const parent = this.resolve(parentSpanOf(span));
    const op = this.tracing.agentspan.startGuardrail({
      name: text(span.spanData.name) ?? 'guardrail',
      framework: FRAMEWORK,
      parent: parent.context,
    });
    this.guardrails.set(span.spanId, { op, span, parent });
    this.bySpan.set(span.spanId, op);
    return op;
  }

  // ---- events of the run (the runner's hooks, the model wrapper, the trace processor) ----

  /** A model answered with a handoff call: the handoff span that follows is named after it. */
  noteHandoffCall(call: HandoffCall): void {
    if (!this.closed) this.handoffCall = call;
  }

  /** An agent's turn starts (the runner's agent_start): the agent handed to gets its span. */
  agentStarted(agent: SdkAgent): void {
    if (this.closed) return;
    this.resolve(currentSdkSpan());
    const name = text(agent.name);
    if (!name) return;
    // Without the SDK's agent spans (its tracing off), the runner's hook marks the stretch.
    if (this.turn ? this.current === this.root || name !== this.current.name : name !== this.current.name) this.startAgent(name);
  }

  toolStarted(tool: SdkTool, toolCall: SdkToolCall | undefined): void {
    if (this.closed) return;
    const span = currentSdkSpan();
    const parent = this.resolve(span);
    const capture = this.tracing.agentspan.captureContent;
    const args = toolCall?.arguments;
    const op = this.tracing.agentspan.startTool({
      name: text(tool.name) ?? text(toolCall?.name) ?? 'tool',
      callId: text(toolCall?.callId) ?? text(toolCall?.id),
      type: toolType(tool),
      description: text(tool.description),
      framework: FRAMEWORK,
      parent: parent.context,
      arguments: capture && args !== undefined ? () => parseJson(args) : undefined,
    });
    const own = span?.spanData.type === 'function' ? span : undefined;
    if (own) this.bySpan.set(own.spanId, op);
    this.tools.set(callKey(toolCall, tool), { op, span: own, parent });
  }

  toolEnded(tool: SdkTool, result: unknown, toolCall: SdkToolCall | undefined): void {
    const key = callKey(toolCall, tool);
    const entry = this.tools.get(key);
    if (!entry) return;
    this.tools.delete(key);
    this.retire(entry.span, entry.parent);
    // A tool whose exception the SDK turned into a message for the model: the SDK marks
    // its span; the exception itself is known only when toolErrorFunction() reported it.
    const failure = entry.error ?? (entry.span?.error ? { value: entry.span.error } : undefined);
    if (failure) {
      entry.op.fail(failure.value);
      return;
    }
    const capture = this.tracing.agentspan.captureContent;
    entry.op.end({ result: capture && result !== undefined ? () => parseJson(result) : undefined });
  }

  /** toolErrorFunction() saw the exception of the tool running here (or of that call id). */
  recordToolError(callId: string | undefined, error: unknown): void {
    let entry = callId ? this.tools.get(callId) : undefined;
    if (!entry) {
      const here = this.currentContext();
      for (const candidate of this.tools.values()) if (candidate.op.context === here) entry = candidate;
    }
    if (entry) entry.error = { value: error };
  }

  /** The handoff is done (the runner's agent_handoff, inside the handoff span). */
  handedOff(to: SdkAgent): void {
    if (this.closed) return;
    this.resolve(currentSdkSpan()); // adopts the handoff span if nothing has yet
    if (!this.handoff) this.adoptHandoff(undefined);
    const handoff = this.handoff;
    this.handoff = undefined;
    if (!handoff) return;
    this.retire(handoff.span, handoff.parent);
    const capture = this.tracing.agentspan.captureContent;
    handoff.op.end({ result: capture ? () => ({ assistant: to.name }) : undefined });
  }

  /**
   * An SDK span whose operation ended: code still running in it (the SDK's own, a metric's
   * exemplar lookup) resolves to the operation's parent from now on, never adopts it again.
   */
  private retire(span: SdkSpan | undefined, parent: Contextual): void {
    if (span) this.bySpan.set(span.spanId, parent);
  }

  private endHandoff(): void {
    const handoff = this.handoff;
    if (!handoff) return;
    this.handoff = undefined;
    this.retire(handoff.span, handoff.parent);
    if (handoff.span?.error) handoff.op.fail(handoff.span.error);
    else handoff.op.end();
  }

  /** The trace processor saw an SDK span start (late: after the processors before it). */
  spanStarted(span: SdkSpan): void {
    if (!this.closed) this.resolve(span);
  }

  /** The trace processor saw an SDK span end: guardrails end here (the SDK has no other signal). */
  spanEnded(span: SdkSpan): void {
    if (this.closed) return;
    const guardrail = this.guardrails.get(span.spanId);
    if (guardrail) {
      this.guardrails.delete(span.spanId);
      this.retire(span, guardrail.parent);
      guardrail.op.end({ triggered: span.spanData.triggered === true });
    } else if (this.handoff?.span?.spanId === span.spanId) {
      this.endHandoff();
    }
  }

  /** A model call of this run started; ended ones leave the set as the next one starts. */
  chatStarted(op: ChatOperation): void {
    if (this.closed) return;
    for (const chat of this.chats) if (chat.ended) this.chats.delete(chat);
    this.chats.add(op);
  }

  /**
   * The caller stopped reading the run's stream (return(), or nothing read for the idle
   * time): like an abandoned model stream, the innermost open operation and everything open
   * above it end as cancelled (the application's agent too, when the run merged into it).
   * The SDK may go on running in the background; its late end changes nothing.
   */
  abandon(reason: unknown): void {
    if (this.closed) return;
    const error = reason instanceof Error ? reason : abortError('The run stream was abandoned');
    const innermost = this.innermostOpen();
    if (innermost) safely('openai-agents: abandon', () => abandon(innermost, error));
    this.settle({ cancelled: error });
  }

  private innermostOpen(): { cancel(reason?: unknown): void } | undefined {
    for (const chat of this.chats) if (!chat.ended) return chat;
    for (const entry of this.tools.values()) if (!entry.op.ended) return entry.op;
    for (let i = this.agents.length - 1; i >= 0; i--) if (!this.agents[i]!.ended) return this.agents[i];
    return this.root.merged ? undefined : this.root;
  }

  // ---- the end ----

  /** Ends every operation of the run, innermost first, with the run's outcome. */
  settle(outcome: RunOutcome): void {
    if (this.closed) return;
    this.closed = true;
    safely('openai-agents: run end', () => this.endAll(outcome));
    this.bySpan.clear();
    this.tools.clear();
    this.guardrails.clear();
    this.chats.clear();
    this.onClose();
  }

  /** The run registry's expiry: the run never settled. */
  fail(error: unknown): void {
    this.settle({ error });
  }

  private endAll(outcome: RunOutcome): void {
    // Guardrails first, with their own outcome: a tripwire that stops the run is the run's error.
    for (const { op, span } of this.guardrails.values()) op.end({ triggered: span.spanData.triggered === true });
    this.endHandoff();
    const agents = [...this.agents].reverse();
    if ('error' in outcome) {
      for (const entry of this.tools.values()) entry.op.fail(entry.error?.value ?? outcome.error);
      for (const op of agents) op.fail(outcome.error);
      this.root.fail(outcome.error);
      return;
    }
    if ('cancelled' in outcome) {
      const reason = outcome.cancelled ?? abortError();
      for (const entry of this.tools.values()) entry.op.cancel(reason);
      for (const op of agents) op.cancel(reason);
      this.root.cancel(reason);
      return;
    }
    for (const entry of this.tools.values()) entry.op.end();
    for (const op of agents) op.end();
    this.root.end(this.tracing.agentspan.captureContent ? { output: () => finalOutputMessages(outcome.output) } : undefined);
  }
}
