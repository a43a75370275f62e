// Turns LangChain runs into core operations. Parenting: a run's parent is its
// parentRunId's entry (hidden plumbing runs pass their parent's context on, so children
// attach to the nearest kept ancestor); a run whose parent we never saw parents to the
// context active when the framework call was made (our handler is awaited, so it runs
// at call time, in the caller's context).
import {
  type AgentStart,
  type ChatResult,
  type ChatStart,
  type FrameworkStart,
  type PromptRef,
  type RetrievalResult,
  type RetrievalStart,
  type ToolStart,
  promptFromMetadata,
  reportInternal,
} from '@agentspan/core';
import type { DocumentInterface } from '@langchain/core/documents';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import { requestedToolCalls, toChatResult } from './chat-result.js';
import { toRetrievedDocument } from './documents.js';
import { type OpenSlot, type SlotKind, activeContext, fillSlot, openSlotOf } from './execution-slots.js';
import { graphRole } from './graph-role.js';
import { messagesOf, splitInput, toolDefinitions } from './messages.js';
import { invocationParams, modelIdentity } from './model-identity.js';
import type { ResolvedOptions } from './options.js';
import { BoundedMap, promptOfRun } from './prompt-runs.js';
import { type RunEntry, hiddenRun, operationRun, pendingTurn, registryFor } from './run-registry.js';
import { agentIdentity, conversationIdOf, retrievalSourceId, retrievalTopK, userIdOf } from './run-identity.js';
import { toolResultOf } from './tool-output.js';
import { type Bag, parseJson, stringOf } from './values.js';

const FRAMEWORK = 'langchain';

// LangGraph control flow that travels as an error but is no fault.
const CONTROL_FLOW_ERRORS = new Set(['GraphInterrupt', 'NodeInterrupt', 'GraphBubbleUp', 'ParentCommand']);

export class RunTranslator {
  private readonly runs;
  private readonly as;
  private readonly wrap: boolean;
  /** Prompts rendered by template runs, by their parent run's id, until that run ends (bounded). */
  private readonly siblingPrompts = new BoundedMap<string, PromptRef>(1000);

  constructor(private readonly options: ResolvedOptions) {
    this.runs = registryFor(options.agentspan);
    this.as = options.agentspan;
    this.wrap = options.wrapExecution;
  }

  // The run's body runs with the run's context active (see patch-execution.ts). The
  // context is only built when a slot is waiting for it.
  private claim(kind: SlotKind, entry: RunEntry): void {
    if (!this.wrap) return;
    const slot = openSlotOf(kind);
    if (slot) fillSlot(slot, entry.childContext);
  }

  // Where a new operation starts: under its parent run's entry; a run whose parent we
  // never saw is a root of what we trace (it parents to the active context and takes the
  // turn's ids from its metadata; children inherit them). Each start object is one literal
  // of a fixed shape per kind (absent fields undefined): no property added later, so the
  // core reads every start of a kind through one shape.
  private parentEntry(parentRunId: string | undefined): RunEntry | undefined {
    return parentRunId === undefined ? undefined : this.runs.get(parentRunId);
  }

  startChain(runId: string, parentRunId: string | undefined, inputs: unknown, metadata: Bag | undefined, runType: string | undefined, runName: string | undefined, serialized: Serialized | undefined): void {
    if (this.runs.has(runId)) return;
    if (runType === 'prompt') this.promptRendered(parentRunId, metadata, inputs);
    // The graph's own run is the first chain run in the slot its _streamIterator opened;
    // without the wrappers, the serialized class tells.
    const slot = this.wrap ? openSlotOf('graph') : undefined;
    const isGraph = slot !== undefined || isGraphRun(serialized);
    const parent = this.parentEntry(parentRunId);
    const parentContext = parent ? parent.childContext : activeContext();
    const agent = agentIdentity(runName, metadata, isGraph, this.options.agentNames);
    const role = slot ? graphRole(slot.owner) : undefined;
    if (agent && role === 'team') {
      // A conversation turn: named after the first agent that runs (its entry agent).
      const entry = pendingTurn(parentContext, parent, slot?.signal, parent ? undefined : conversationIdOf(metadata), parent ? undefined : userIdOf(metadata));
      this.runs.set(runId, entry);
      if (slot) fillSlot(slot, entry.childContext);
      return;
    }
    // An application's graph (no tool loop): a workflow; unnamed inside a turn, plumbing.
    const workflow =
      agent !== undefined &&
      role === 'workflow' &&
      stringOf(metadata?.lc_agent_name) !== runName &&
      !(runName !== undefined && this.options.agentNames.has(runName));
    // Whether a run is the turn's root is asked only where it decides something (not for the
    // usual agent run, nor for plumbing below a kept run: on every turn's path).
    if (agent && !(workflow && agent.isDefaultName && (parent !== undefined || this.as.hasTurnRoot(parentContext)))) {
      const start: AgentStart = {
        parent: parentContext,
        conversationId: parent ? undefined : conversationIdOf(metadata),
        userId: parent ? undefined : userIdOf(metadata),
        name: agent.name,
        isDefaultName: agent.isDefaultName,
        operation: workflow ? 'invoke_workflow' : undefined,
        framework: FRAMEWORK,
        input: this.turnContent ? () => messagesOf(inputs) ?? [] : undefined,
      };
      this.startAgentRun(runId, start, parent, slot);
    } else if (!agent && parent === undefined && !this.as.hasTurnRoot(parentContext)) {
      // Nothing above the framework's outermost run: it is the turn's root, a workflow
      // (a sequence, a lambda, a chain: the application defines the control flow).
      const start: AgentStart = {
        parent: parentContext,
        conversationId: conversationIdOf(metadata),
        userId: userIdOf(metadata),
        name: runName ?? 'chain',
        operation: 'invoke_workflow',
        framework: FRAMEWORK,
        input: this.turnContent ? () => messagesOf(inputs) ?? [] : undefined,
      };
      this.startAgentRun(runId, start, parent, slot);
    } else if (this.options.verbose) {
      const start: FrameworkStart = {
        parent: parentContext,
        conversationId: parent ? undefined : conversationIdOf(metadata),
        userId: parent ? undefined : userIdOf(metadata),
        name: runName ?? 'chain',
        runType: runType ?? 'chain',
        framework: FRAMEWORK,
      };
      const entry = operationRun('framework', this.as.startFramework(start), parent);
      this.runs.set(runId, entry);
      this.claim('lambda', entry);
    } else {
      // Plumbing: one small record that passes the nearest kept ancestor's context on.
      const entry = hiddenRun(parentContext, parent);
      this.runs.set(runId, entry);
      this.claim('lambda', entry);
    }
  }

  /** An agent's input and output are reported when captured, or when evaluators want them. */
  private get turnContent(): boolean {
    return this.as.captureContent || this.as.evaluations.turns.wantsContent;
  }

  /**
   * A prompt template ran: the chat calls that start after it under the same kept ancestor
   * used its prompt (createAgent's model node, a RunnableSequence's parent agent).
   */
  private promptRendered(parentRunId: string | undefined, metadata: Bag | undefined, inputs: unknown): void {
    const prompt = promptOfRun(metadata, inputs);
    if (!prompt) return;
    const parent = this.parentEntry(parentRunId);
    this.as.promptRendered(prompt, parent ? parent.childContext : activeContext());
    // Outside any operation (a bare `prompt.pipe(model)`), the model run is the template's sibling.
    if (parentRunId !== undefined) this.siblingPrompts.set(parentRunId, prompt);
  }

  /** An agent, workflow or conversation-turn run; under a pending turn, it opens the turn first. */
  private startAgentRun(runId: string, start: AgentStart, parent: RunEntry | undefined, slot: OpenSlot | undefined): void {
    const turn = parent?.kind === 'turn' ? parent : parent?.pendingTurn;
    if (turn?.kind === 'turn' && !turn.op && parent) {
      turn.open(this.as, start.name);
      start.parent = parent.childContext;
    }
    const entry = operationRun('agent', this.as.startAgent(start), parent, slot?.signal);
    this.runs.set(runId, entry);
    if (slot) fillSlot(slot, entry.childContext);
    else this.claim('lambda', entry);
  }

  endChain(runId: string, outputs: unknown): void {
    if (this.siblingPrompts.size > 0) this.siblingPrompts.delete(runId);
    const entry = this.runs.delete(runId);
    if (entry?.kind === 'agent' || entry?.kind === 'turn') {
      entry.op?.end(this.turnContent ? { output: () => messagesOf(outputs)?.slice(-1) ?? [] } : undefined);
    } else endOther(entry);
  }

  startChat(
    runId: string,
    parentRunId: string | undefined,
    llm: Serialized,
    input: { messages: readonly BaseMessage[] } | { prompts: readonly string[] },
    extraParams: Bag | undefined,
    metadata: Bag | undefined,
  ): void {
    if (this.runs.has(runId)) return;
    const inv = invocationParams(extraParams);
    const identity = modelIdentity(llm, inv, metadata);
    const parent = this.parentEntry(parentRunId);
    const capture = this.as.captureContent;
    const start: ChatStart = {
      parent: parent ? parent.childContext : activeContext(),
      conversationId: parent ? undefined : conversationIdOf(metadata),
      userId: parent ? undefined : userIdOf(metadata),
      provider: identity.provider,
      requestModel: identity.requestModel || undefined,
      params: identity.params,
      framework: FRAMEWORK,
      stream: inv?.stream === true || inv?.streaming === true ? true : undefined,
      operation: 'prompts' in input ? 'text_completion' : undefined,
      inputMessages: undefined,
      systemInstructions: undefined,
      toolDefinitions: capture ? toolDefinitions(inv) : undefined,
      // A prompt named in the run's metadata (inherited from the call's config), or rendered
      // by a template before it under the same parent run; else the core finds one rendered
      // in an enclosing operation.
      prompt: promptFromMetadata(metadata) ?? (this.siblingPrompts.size > 0 && parentRunId !== undefined ? this.siblingPrompts.get(parentRunId) : undefined),
    };
    if (capture) {
      if ('messages' in input) {
        const split = () => splitInput(input.messages);
        start.inputMessages = () => split().messages;
        start.systemInstructions = () => split().system;
      } else {
        start.inputMessages = () => input.prompts.map((p) => ({ role: 'user', parts: [{ type: 'text', content: p }] }));
      }
    }
    const entry = operationRun('chat', this.as.startChat(start), parent);
    this.runs.set(runId, entry);
    this.claim('llm', entry);
  }

  chunk(runId: string): void {
    const entry = this.runs.get(runId);
    if (entry?.kind === 'chat') entry.op.recordChunk();
  }

  endChat(runId: string, output: LLMResult): void {
    const entry = this.runs.delete(runId);
    if (entry?.kind !== 'chat') {
      endOther(entry);
      return;
    }
    // The run has left our map: whatever the output holds, its operation ends.
    let result: ChatResult | undefined;
    try {
      result = toChatResult(output, this.as.captureContent);
      if (result.toolCallCount) entry.toolCalls?.record(requestedToolCalls(output));
    } catch (fault) {
      reportInternal('langchain: model output', fault);
    }
    entry.op.end(result);
  }

  startTool(runId: string, parentRunId: string | undefined, tool: Serialized, input: string, metadata: Bag | undefined, runName: string | undefined, toolCallId: string | undefined): void {
    if (this.runs.has(runId)) return;
    const parent = this.parentEntry(parentRunId);
    const name = runName ?? tool?.name ?? tool?.id?.[tool.id.length - 1] ?? 'tool';
    const toolCalls = parent?.toolCalls;
    const start: ToolStart = {
      parent: parent ? parent.childContext : activeContext(),
      conversationId: parent ? undefined : conversationIdOf(metadata),
      userId: parent ? undefined : userIdOf(metadata),
      name,
      callId: (toolCalls ? toolCalls.claim(name, input, toolCallId || undefined) : toolCallId) || undefined,
      framework: FRAMEWORK,
      arguments: this.as.captureContent ? () => parseJson(input) : undefined,
    };
    const entry = operationRun('tool', this.as.startTool(start), parent);
    this.runs.set(runId, entry);
    this.claim('tool', entry);
  }

  endTool(runId: string, output: unknown): void {
    const entry = this.runs.delete(runId);
    if (entry?.kind === 'tool') entry.op.end(this.as.captureContent ? { result: () => toolResultOf(output) } : undefined);
    else endOther(entry);
  }

  startRetriever(runId: string, parentRunId: string | undefined, query: string, metadata: Bag | undefined, name: string | undefined): void {
    if (this.runs.has(runId)) return;
    const parent = this.parentEntry(parentRunId);
    const start: RetrievalStart = {
      parent: parent ? parent.childContext : activeContext(),
      conversationId: parent ? undefined : conversationIdOf(metadata),
      userId: parent ? undefined : userIdOf(metadata),
      dataSourceId: retrievalSourceId(metadata, name) || undefined,
      topK: retrievalTopK(metadata),
      framework: FRAMEWORK,
      query: this.as.captureContent ? query : undefined,
    };
    const entry = operationRun('retrieval', this.as.startRetrieval(start), parent);
    this.runs.set(runId, entry);
    this.claim('retriever', entry);
  }

  endRetriever(runId: string, documents: readonly DocumentInterface[]): void {
    const entry = this.runs.delete(runId);
    if (entry?.kind !== 'retrieval') {
      endOther(entry);
      return;
    }
    let result: RetrievalResult = {};
    try {
      if (Array.isArray(documents)) {
        result = { count: documents.length };
        if (this.as.captureContent) result.documents = () => documents.map(toRetrievedDocument);
      }
    } catch (fault) {
      reportInternal('langchain: retrieved documents', fault);
    }
    entry.op.end(result);
  }

  /** Any run's error: its operation fails (cancellations are recognised by the core). */
  fail(runId: string, error: unknown): void {
    const entry = this.runs.delete(runId);
    if (!entry) return;
    if ((entry.kind === 'agent' || entry.kind === 'turn') && isControlFlow(error)) entry.op?.end();
    // LangGraph rejects an aborted run with a plain Error("Abort"): the caller's abort
    // signal tells that it is a cancellation, with the caller's reason.
    else if ((entry.kind === 'agent' || entry.kind === 'turn') && entry.signal?.aborted) entry.op?.cancel(entry.signal.reason ?? error);
    else entry.fail(error);
  }
}

/**
 * A run's end reported by another callback than its kind's (a chain end for a model run):
 * the run has ended, so its operation ends, without a result. Once out of our map it would
 * otherwise stay open with nothing left to end it.
 */
function endOther(entry: RunEntry | undefined): void {
  entry?.op?.end();
}

function isControlFlow(error: unknown): boolean {
  try {
    return error instanceof Error && CONTROL_FLOW_ERRORS.has(error.name);
  } catch {
    return false; // a revoked Proxy or a throwing name getter: no LangGraph signal
  }
}

// A LangGraph graph serializes as ["langgraph", "pregel", "CompiledStateGraph"] (or Pregel).
function isGraphRun(serialized: Serialized | undefined): boolean {
  const id = serialized?.id;
  if (!Array.isArray(id)) return false;
  for (const part of id) if (part === 'CompiledStateGraph' || part === 'Pregel' || part === 'CompiledGraph') return true;
  return false;
}
