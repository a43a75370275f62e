// Turns LangChain runs into core operations. Parenting: a run's parent is its
// parentRunId's entry (hidden plumbing runs pass their parent's context on, so children
// attach to the nearest kept ancestor); a run whose parent we never saw parents to the
// context active when the framework call was made (our handler is awaited, so it runs
// at call time, in the caller's context).
import type { ChatStart, OperationStart, TurnIdentity } from '@agentspan/core';
import type { DocumentInterface } from '@langchain/core/documents';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { Context } from '@opentelemetry/api';
import { toChatResult } from './chat-result.js';
import { toRetrievedDocument } from './documents.js';
import { type SlotKind, activeContext, claimSlot, hasOpenSlot, openSlotSignal } from './execution-slots.js';
import { messagesOf, splitInput, toolDefinitions } from './messages.js';
import { invocationParams, modelIdentity } from './model-identity.js';
import type { ResolvedOptions } from './options.js';
import { type RunEntry, registryFor, runEntry } from './run-registry.js';
import { agentIdentity, retrievalSource, turnIdentity } from './run-identity.js';
import { toolResultOf } from './tool-output.js';
import { type Bag, parseJson } from './values.js';

const FRAMEWORK = 'langchain';

// LangGraph control flow that travels as an error but is no fault.
const CONTROL_FLOW_ERRORS = new Set(['GraphInterrupt', 'NodeInterrupt', 'GraphBubbleUp', 'ParentCommand']);

interface Parent {
  ctx: Context;
  /** False when we never saw the parent run: the run is a root of what we trace. */
  known: boolean;
}

export class RunTranslator {
  private readonly runs;

  constructor(private readonly options: ResolvedOptions) {
    this.runs = registryFor(options.agentspan);
  }

  private get as() {
    return this.options.agentspan;
  }

  // The run's body runs with `ctx` active (see patch-execution.ts).
  private claim(kind: SlotKind, ctx: Context): void {
    if (this.options.wrapExecution) claimSlot(kind, ctx);
  }

  private parentOf(parentRunId: string | undefined): Parent {
    const entry = parentRunId === undefined ? undefined : this.runs.get(parentRunId);
    return entry ? { ctx: entry.childContext, known: true } : { ctx: activeContext(), known: false };
  }

  // Root runs take the turn's ids from their metadata; children inherit them.
  private startOptions(parent: Parent, metadata: Bag | undefined): OperationStart {
    const start: OperationStart = { parent: parent.ctx };
    if (!parent.known) {
      const ids: TurnIdentity = turnIdentity(metadata);
      if (ids.conversationId !== undefined) start.conversationId = ids.conversationId;
      if (ids.userId !== undefined) start.userId = ids.userId;
    }
    return start;
  }

  startChain(runId: string, parentRunId: string | undefined, inputs: unknown, metadata: Bag | undefined, runType: string | undefined, runName: string | undefined, serialized: Serialized | undefined): void {
    if (this.runs.has(runId)) return;
    const parent = this.parentOf(parentRunId);
    // The graph's own run is the first chain run in the slot its _streamIterator opened;
    // without the wrappers, the serialized class tells.
    const isGraph = (this.options.wrapExecution && hasOpenSlot('graph')) || isGraphRun(serialized);
    const agent = agentIdentity(runName, metadata, isGraph, this.options.agentNames);
    let entry: RunEntry;
    if (agent) {
      const op = this.as.startAgent({
        ...this.startOptions(parent, metadata),
        name: agent.name,
        isDefaultName: agent.isDefaultName,
        framework: FRAMEWORK,
        ...(this.as.captureContent ? { input: () => messagesOf(inputs) ?? [] } : {}),
      });
      entry = runEntry({ kind: 'agent', op, signal: isGraph ? openSlotSignal('graph') : undefined }, op.context);
    } else if (this.options.verbose) {
      const op = this.as.startFramework({
        ...this.startOptions(parent, metadata),
        name: runName ?? 'chain',
        runType: runType ?? 'chain',
        framework: FRAMEWORK,
      });
      entry = runEntry({ kind: 'framework', op }, op.context);
    } else {
      entry = runEntry({ kind: 'hidden', op: undefined }, parent.ctx);
    }
    this.runs.set(runId, entry);
    if (isGraph) this.claim('graph', entry.childContext);
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
    const parent = this.parentOf(parentRunId);
    const identity = modelIdentity(llm, extraParams, metadata);
    const inv = invocationParams(extraParams);
    const start: ChatStart = {
      ...this.startOptions(parent, metadata),
      provider: identity.provider,
      params: identity.params,
      framework: FRAMEWORK,
    };
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
    const op = this.as.startChat(start);
    this.runs.set(runId, runEntry({ kind: 'chat', op }, op.context));
    this.claim('llm', op.context);
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
    const parent = this.parentOf(parentRunId);
    const op = this.as.startTool({
      ...this.startOptions(parent, metadata),
      name: runName ?? tool?.name ?? tool?.id?.[tool.id.length - 1] ?? 'tool',
      ...(toolCallId ? { callId: toolCallId } : {}),
      framework: FRAMEWORK,
      ...(this.as.captureContent ? { arguments: () => parseJson(input) } : {}),
    });
    this.runs.set(runId, runEntry({ kind: 'tool', op }, op.context));
    this.claim('tool', op.context);
  }

  endTool(runId: string, output: unknown): void {
    const entry = this.runs.delete(runId);
    if (entry?.kind === 'tool') entry.op.end(this.as.captureContent ? { result: () => toolResultOf(output) } : undefined);
  }

  startRetriever(runId: string, parentRunId: string | undefined, query: string, metadata: Bag | undefined, name: string | undefined): void {
    if (this.runs.has(runId)) return;
    const parent = this.parentOf(parentRunId);
    const op = this.as.startRetrieval({
      ...this.startOptions(parent, metadata),
      ...retrievalSource(metadata, name),
      framework: FRAMEWORK,
      ...(this.as.captureContent ? { query } : {}),
    });
    this.runs.set(runId, runEntry({ kind: 'retrieval', op }, op.context));
    this.claim('retriever', op.context);
  }

  endRetriever(runId: string, documents: readonly DocumentInterface[]): void {
    const entry = this.runs.delete(runId);
    if (entry?.kind !== 'retrieval') return;
    const count = Array.isArray(documents) ? documents.length : undefined;
    entry.op.end({
      ...(count !== undefined ? { count } : {}),
      ...(this.as.captureContent && count !== undefined ? { documents: () => documents.map(toRetrievedDocument) } : {}),
    });
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
  return Array.isArray(id) && id.some((part) => part === 'CompiledStateGraph' || part === 'Pregel' || part === 'CompiledGraph');
}
