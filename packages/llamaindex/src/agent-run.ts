// One AgentWorkflow run's spans: its invoke_agent (merged or its own) — or, for agents that
// hand off to each other, a handle_conversation_turn with each agent's invoke_agent below
// it —, the nested invoke_agent of a handed-off agent, verbose step spans, and how the run ends — with its
// result, a failed step's error, or (for runStream) the caller's cancel or abandonment.
import type { AgentOperation, GenAIMessage, Operation } from '@agentspan/core';
import { reportInternal, safely } from '@agentspan/core';
import type { ChatMessage } from '@llamaindex/core/llms';
import {
  type WorkflowEventData,
  WorkflowStream,
  agentInputEvent,
  agentSetupEvent,
  agentStepEvent,
  eventSource,
  startAgentEvent,
  stopAgentEvent,
  toolCallsEvent,
  toolResultsEvent,
} from '@llamaindex/workflow';
import { FRAMEWORK, type Tracing } from './active.js';
import { type OpenEntry, trackOpen } from './expiry.js';
import { failableIterable } from './failable-iterable.js';
import { instrumentLLM } from './llm.js';
import { toGenAIMessage } from './messages.js';
import { type ToolShape, wrapTool } from './tool-wrapper.js';
import type { HandlerCall, HandlerEntry, HandlerHooks } from './workflow-hooks.js';

export type Event = WorkflowEventData<unknown>;

/** Default name of FunctionAgent: a run carrying only it merges into an enclosing agent. */
const DEFAULT_AGENT_NAME = 'Agent';

interface AgentShape {
  name: string;
  description?: unknown;
  canHandoffTo?: readonly unknown[];
  llm?: { metadata?: { model?: unknown } };
  tools?: ToolShape[];
}

export interface WorkflowShape {
  workflow?: { createContext?: unknown };
  rootAgentName?: unknown;
  getAgents(): AgentShape[];
}


function modelOf(agent: AgentShape | undefined): string | undefined {
  try {
    const model = agent?.llm?.metadata?.model;
    return typeof model === 'string' ? model : undefined;
  } catch (error) {
    reportInternal('agent model', error);
    return undefined;
  }
}

/** The agent a handler works for, read from its input event (currentAgentName / agentName). */
function agentNameOf(call: HandlerCall): string | undefined {
  const data = (call.inputs?.[0] as { data?: { currentAgentName?: unknown; agentName?: unknown } } | undefined)?.data;
  const name = data?.currentAgentName ?? data?.agentName;
  return typeof name === 'string' ? name : undefined;
}

/** AgentWorkflow's steps by the event they handle (its handlers are anonymous arrow functions). */
const STEP_NAMES: readonly [{ include(event: unknown): boolean }, string][] = [
  [startAgentEvent, 'handleInputStep'],
  [agentInputEvent, 'setupAgent'],
  [agentSetupEvent, 'runAgentStep'],
  [agentStepEvent, 'parseAgentOutput'],
  [toolCallsEvent, 'executeToolCalls'],
  [toolResultsEvent, 'processToolResults'],
];

/** A bounded span name: the handler's name, else the step's, else the event type's label. */
function stepName(call: HandlerCall): string {
  const name = call.handler?.name;
  if (typeof name === 'string' && name !== '') return name;
  const input = call.inputs?.[0];
  for (const [event, step] of STEP_NAMES) if (event.include(input)) return step;
  const label = (eventSource(input) as { debugLabel?: unknown } | undefined)?.debugLabel;
  return typeof label === 'string' ? `workflow step ${label}` : 'workflow step';
}

/** The agent of that name (the last one, as a map by name would keep): no map made per run. */
function lastNamed(agents: readonly AgentShape[], name: string): AgentShape | undefined {
  for (let i = agents.length - 1; i >= 0; i--) if (agents[i]?.name === name) return agents[i];
  return undefined;
}

export class AgentRun implements HandlerHooks {
  private handoff: { name: string; op: AgentOperation; entry: HandlerEntry } | undefined;
  /** Tells the caller (the stream it reads, or run()'s promise) that a step failed. */
  onFailure: ((error: unknown) => void) | undefined;
  private readonly open: OpenEntry | undefined;
  /** A failed step fails the run (made once: every handler of the run shares it). */
  private readonly stepRejected = (error: unknown): void => {
    try {
      this.failed(error);
    } catch (e) {
      reportInternal('workflow step error', e);
    }
  };
  /** The root agent's handlers (the non-verbose common case) share one entry. */
  private rootEntry: HandlerEntry | undefined;

  constructor(
    private readonly tracing: Tracing,
    private readonly agents: readonly AgentShape[],
    private readonly rootName: string,
    readonly op: AgentOperation,
    /** The run is a conversation turn: agents hand off to each other. */
    private readonly turn = false,
  ) {
    this.open = op.merged ? undefined : trackOpen(tracing.agentspan, op);
  }

  enter(call: HandlerCall): HandlerEntry {
    const agent = this.entryFor(agentNameOf(call));
    if (!this.tracing.verbose) return agent;
    const step: Operation<void> = this.tracing.agentspan.startFramework({
      name: stepName(call),
      runType: 'workflow_step',
      framework: FRAMEWORK,
      parent: agent.context,
    });
    return {
      context: step.context,
      onFulfilled: () => safely('workflow step end', () => step.end()),
      onRejected: (error) => {
        safely('workflow step error', () => step.fail(error));
        this.stepRejected(error);
      },
    };
  }

  /**
   * Root agent → the run's context; another agent (after a hand-off) → its own nested span.
   * A conversation turn (agents that hand off): every agent, the root one too, is its own
   * invoke_agent under the turn, one after the other.
   */
  private entryFor(name: string | undefined): HandlerEntry {
    if (!this.turn && (name === undefined || name === this.rootName)) {
      this.rootEntry ??= { context: this.op.context, onRejected: this.stepRejected };
      return this.rootEntry;
    }
    const agentName = name ?? this.rootName;
    if (this.handoff?.name === agentName && !this.handoff.op.ended) return this.handoff.entry;
    this.handoff?.op.end();
    const agent = lastNamed(this.agents, agentName);
    const description = agent?.description;
    const op = this.tracing.agentspan.startAgent({
      name: agentName,
      parent: this.op.context,
      framework: FRAMEWORK,
      requestModel: modelOf(agent),
      description: typeof description === 'string' ? description : undefined,
    });
    this.handoff = { name: agentName, op, entry: { context: op.context, onRejected: this.stepRejected } };
    return this.handoff.entry;
  }

  /** A step failed: the run ends with its error, which the caller receives through the stream. */
  failed(error: unknown): void {
    this.open?.close();
    this.handoff?.op.fail(error);
    this.op.fail(error);
    this.onFailure?.(error);
  }

  /** The run's result reached the caller. */
  completed(output: ChatMessage | undefined): void {
    this.open?.close();
    this.handoff?.op.end();
    if (this.op.merged) return;
    this.op.end(turnContent(this.tracing) ? { output: () => (output ? [toGenAIMessage(output)] : []) } : undefined);
  }

  /** The stream the caller reads: ends, fails or cancels the run's spans. */
  traceStream(stream: WorkflowStream<Event>): WorkflowStream<Event> {
    const failable = failableIterable<Event>(stream);
    this.onFailure = failable.fail;
    let output: ChatMessage | undefined;
    const traced = this.tracing.agentspan.traceStream<Event>(failable.iterable, {
      owners: [this.op],
      onChunk: (event) => {
        if (stopAgentEvent.include(event)) output = (event.data as { message?: ChatMessage } | undefined)?.message;
      },
      onComplete: () => this.completed(output),
    });
    // One pipe: WorkflowStream's own (it publishes events to its `on` subscribers).
    return new WorkflowStream<Event>(null, ReadableStream.from(traced));
  }
}

/** An agent's input and output are reported when captured, or when evaluators want them. */
function turnContent(tracing: Tracing): boolean {
  return tracing.agentspan.captureContent || tracing.agentspan.evaluations.turns.wantsContent;
}

/** The user's input to run() / runStream(): a string or a chat message. */
function userInput(input: unknown): (() => GenAIMessage[]) | undefined {
  if (typeof input === 'string') return () => [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  if (typeof input === 'object' && input !== null && 'content' in input) return () => [toGenAIMessage(input as ChatMessage)];
  return undefined;
}

/** Agents that may hand off to each other (multiAgent with canHandoffTo): the framework runs the turn. */
function handsOff(agents: readonly AgentShape[]): boolean {
  return agents.length > 1 && agents.some((agent) => Array.isArray(agent.canHandoffTo) && agent.canHandoffTo.length > 0);
}

export function startRun(tracing: Tracing, workflow: WorkflowShape, input?: unknown): AgentRun {
  const agents = workflow.getAgents();
  for (const agent of agents) {
    instrumentLLM(agent.llm);
    const tools = agent.tools;
    if (tools) for (const tool of tools) wrapTool(tool);
  }
  const rootName = typeof workflow.rootAgentName === 'string' ? workflow.rootAgentName : DEFAULT_AGENT_NAME;
  const root = lastNamed(agents, rootName);
  const turn = handsOff(agents);
  if (turn) {
    // handle_conversation_turn {entry agent}: each agent an invoke_agent below it.
    const op = tracing.agentspan.startAgent({
      name: rootName,
      operation: 'handle_conversation_turn',
      framework: FRAMEWORK,
      input: turnContent(tracing) ? userInput(input) : undefined,
    });
    return new AgentRun(tracing, agents, rootName, op, true);
  }
  const description = root?.description;
  const op = tracing.agentspan.startAgent({
    name: rootName,
    isDefaultName: rootName === DEFAULT_AGENT_NAME,
    framework: FRAMEWORK,
    requestModel: modelOf(root),
    description: typeof description === 'string' ? description : undefined,
    input: turnContent(tracing) ? userInput(input) : undefined,
  });
  return new AgentRun(tracing, agents, rootName, op);
}
