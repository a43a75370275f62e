// Turns LangChain runs into core operations. Parenting: a run's parent is its
// parentRunId's entry (hidden plumbing runs pass their parent's context on, so children
// attach to the nearest kept ancestor); a run whose parent we never saw parents to the
// context active when the framework call was made (our handler is awaited, so it runs
// at call time, in the caller's context).
import type { AgentStart, ChatStart, FrameworkStart, OperationStart, RetrievalResult, RetrievalStart, ToolStart } from '@agentspan/core';
import type { DocumentInterface } from '@langchain/core/documents';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import { toChatResult } from './chat-result.js';
import { toRetrievedDocument } from './documents.js';
import { type SlotKind, activeContext, fillSlot, openSlotOf } from './execution-slots.js';
import { messagesOf, splitInput, toolDefinitions } from './messages.js';
import { invocationParams, modelIdentity } from './model-identity.js';
import type { ResolvedOptions } from './options.js';
import { type RunEntry, hiddenRun, operationRun, registryFor } from './run-registry.js';
import { agentIdentity, conversationIdOf, retrievalSourceId, retrievalTopK, userIdOf } from './run-identity.js';
import { toolResultOf } from './tool-output.js';
import { type Bag, parseJson } from './values.js';

const FRAMEWORK = 'langchain';

// LangGraph control flow that travels as an error but is no fault.
const CONTROL_FLOW_ERRORS = new Set(['GraphInterrupt', 'NodeInterrupt', 'GraphBubbleUp', 'ParentCommand']);

export class RunTranslator {
  private readonly runs;
  private readonly as;
  private readonly wrap: boolean;

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
  // turn's ids from its metadata; children inherit them). Callers add their operation's
  // own fields to the returned object (one object per start, no spreads).
  private startOptions(parentRunId: string | undefined, metadata: Bag | undefined): OperationStart {
    const parent = parentRunId === undefined ? undefined : this.runs.get(parentRunId);
    if (parent) return { parent: parent.childContext };
    const start: OperationStart = { parent: activeContext() };
    const conversationId = conversationIdOf(metadata);
    if (conversationId !== undefined) start.conversationId = conversationId;
    const userId = userIdOf(metadata);
    if (userId !== undefined) start.userId = userId;
    return start;
  }

  startChain(runId: string, parentRunId: string | undefined, inputs: unknown, metadata: Bag | undefined, runType: string | undefined, runName: string | undefined, serialized: Serialized | undefined): void {
    if (this.runs.has(runId)) return;
    // The graph's own run is the first chain run in the slot its _streamIterator opened;
    // without the wrappers, the serialized class tells.
    const slot = this.wrap ? openSlotOf('graph') : undefined;
    const isGraph = slot !== undefined || isGraphRun(serialized);
    const agent = agentIdentity(runName, metadata, isGraph, this.options.agentNames);
    if (agent) {
      const start = this.startOptions(parentRunId, metadata) as AgentStart;
      start.name = agent.name;
      start.isDefaultName = agent.isDefaultName;
      start.framework = FRAMEWORK;
      if (this.as.captureContent) start.input = () => messagesOf(inputs) ?? [];
      const entry = operationRun('agent', this.as.startAgent(start), slot?.signal);
      this.runs.set(runId, entry);
      if (slot) fillSlot(slot, entry.childContext);
    } else if (this.options.verbose) {
      const start = this.startOptions(parentRunId, metadata) as FrameworkStart;
      start.name = runName ?? 'chain';
      start.runType = runType ?? 'chain';
      start.framework = FRAMEWORK;
      this.runs.set(runId, operationRun('framework', this.as.startFramework(start)));
    } else {
      // Plumbing: one small record that passes the nearest kept ancestor's context on.
      const parent = parentRunId === undefined ? undefined : this.runs.get(parentRunId);
      this.runs.set(runId, hiddenRun(parent ? parent.childContext : activeContext()));
    }
  }

  endChain(runId: string, outputs: unknown): void {
    const entry = this.runs.delete(runId);
    if (entry?.kind === 'agent') {
      entry.op.end(this.as.captureContent ? { output: () => messagesOf(outputs)?.slice(-1) ?? [] } : undefined);
    } else if (entry?.kind === 'framework') entry.op.end();
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
    const start = this.startOptions(parentRunId, metadata) as ChatStart;
    start.provider = identity.provider;
    start.params = identity.params;
    start.framework = FRAMEWORK;
    if (identity.requestModel) start.requestModel = identity.requestModel;
    if (inv?.stream === true || inv?.streaming === true) start.stream = true;
    if ('prompts' in input) start.operation = 'text_completion';
    if (this.as.captureContent) {
      if ('messages' in input) {
        const split = () => splitInput(input.messages);
        start.inputMessages = () => split().messages;
        start.systemInstructions = () => split().system;
      } else {
        start.inputMessages = () => input.prompts.map((p) => ({ role: 'user', parts: [{ type: 'text', content: p }] }));
      }
      const tools = toolDefinitions(inv);
      if (tools) start.toolDefinitions = tools;
    }
    const entry = operationRun('chat', this.as.startChat(start));
    this.runs.set(runId, entry);
    this.claim('llm', entry);
  }

  chunk(runId: string): void {
    const entry = this.runs.get(runId);
    if (entry?.kind === 'chat') entry.op.recordChunk();
  }

  endChat(runId: string, output: LLMResult): void {
    const entry = this.runs.delete(runId);
    if (entry?.kind === 'chat') entry.op.end(toChatResult(output, this.as.captureContent));
  }

  startTool(runId: string, parentRunId: string | undefined, tool: Serialized, input: string, metadata: Bag | undefined, runName: string | undefined, toolCallId: string | undefined): void {
    if (this.runs.has(runId)) return;
    const start = this.startOptions(parentRunId, metadata) as ToolStart;
    start.name = runName ?? tool?.name ?? tool?.id?.[tool.id.length - 1] ?? 'tool';
    if (toolCallId) start.callId = toolCallId;
    start.framework = FRAMEWORK;
    if (this.as.captureContent) start.arguments = () => parseJson(input);
    const entry = operationRun('tool', this.as.startTool(start));
    this.runs.set(runId, entry);
    this.claim('tool', entry);
  }

  endTool(runId: string, output: unknown): void {
    const entry = this.runs.delete(runId);
    if (entry?.kind === 'tool') entry.op.end(this.as.captureContent ? { result: () => toolResultOf(output) } : undefined);
  }

  startRetriever(runId: string, parentRunId: string | undefined, query: string, metadata: Bag | undefined, name: string | undefined): void {
    if (this.runs.has(runId)) return;
    const start = this.startOptions(parentRunId, metadata) as RetrievalStart;
    const dataSourceId = retrievalSourceId(metadata, name);
    if (dataSourceId) start.dataSourceId = dataSourceId;
    const topK = retrievalTopK(metadata);
    if (topK !== undefined) start.topK = topK;
    start.framework = FRAMEWORK;
    if (this.as.captureContent) start.query = query;
    const entry = operationRun('retrieval', this.as.startRetrieval(start));
    this.runs.set(runId, entry);
    this.claim('retriever', entry);
  }

  endRetriever(runId: string, documents: readonly DocumentInterface[]): void {
    const entry = this.runs.delete(runId);
    if (entry?.kind !== 'retrieval') return;
    if (!Array.isArray(documents)) {
      entry.op.end({});
      return;
    }
    const result: RetrievalResult = { count: documents.length };
    if (this.as.captureContent) result.documents = () => documents.map(toRetrievedDocument);
    entry.op.end(result);
  }

  /** Any run's error: its operation fails (cancellations are recognised by the core). */
  fail(runId: string, error: unknown): void {
    const entry = this.runs.delete(runId);
    if (!entry) return;
    if (entry.kind === 'agent' && isControlFlow(error)) entry.op.end();
    // LangGraph rejects an aborted run with a plain Error("Abort"): the caller's abort
    // signal tells that it is a cancellation, with the caller's reason.
    else if (entry.kind === 'agent' && entry.signal?.aborted) entry.op.cancel(entry.signal.reason ?? error);
    else entry.fail(error);
  }
}

function isControlFlow(error: unknown): boolean {
  return error instanceof Error && CONTROL_FLOW_ERRORS.has(error.name);
}

// A LangGraph graph serializes as ["langgraph", "pregel", "CompiledStateGraph"] (or Pregel).
function isGraphRun(serialized: Serialized | undefined): boolean {
  const id = serialized?.id;
  if (!Array.isArray(id)) return false;
  for (const part of id) if (part === 'CompiledStateGraph' || part === 'Pregel' || part === 'CompiledGraph') return true;
  return false;
}
