// Turns LangChain runs into core operations. Parenting: a run's parent is its
// parentRunId's entry (hidden plumbing runs pass their parent's context on, so children
// attach to the nearest kept ancestor); a run whose parent we never saw parents to the
// context active when the framework call was made (our handler is awaited, so it runs
// at call time, in the caller's context).
import {
  type AgentStart,
  type ChatStart,
  type FrameworkStart,
  type PromptRef,
  type RetrievalResult,
  type RetrievalStart,
  type ToolStart,
  promptFromMetadata,
} from '@agentspan/core';
import type { DocumentInterface } from '@langchain/core/documents';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import { requestedToolCalls, toChatResult } from './chat-result.js';
import { toRetrievedDocument } from './documents.js';
import { type SlotKind, activeContext, fillSlot, openSlotOf } from './execution-slots.js';
import { messagesOf, splitInput, toolDefinitions } from './messages.js';
import { invocationParams, modelIdentity } from './model-identity.js';
import type { ResolvedOptions } from './options.js';
import { BoundedMap, promptOfRun } from './prompt-runs.js';
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
    const agent = agentIdentity(runName, metadata, isGraph, this.options.agentNames);
    if (agent) {
      const parent = this.parentEntry(parentRunId);
      const start: AgentStart = {
        parent: parent ? parent.childContext : activeContext(),
        conversationId: parent ? undefined : conversationIdOf(metadata),
        userId: parent ? undefined : userIdOf(metadata),
        name: agent.name,
        isDefaultName: agent.isDefaultName,
        framework: FRAMEWORK,
        input: this.turnContent ? () => messagesOf(inputs) ?? [] : undefined,
      };
      const entry = operationRun('agent', this.as.startAgent(start), parent, slot?.signal);
      this.runs.set(runId, entry);
      if (slot) fillSlot(slot, entry.childContext);
    } else if (this.options.verbose) {
      const parent = this.parentEntry(parentRunId);
      const start: FrameworkStart = {
        parent: parent ? parent.childContext : activeContext(),
        conversationId: parent ? undefined : conversationIdOf(metadata),
        userId: parent ? undefined : userIdOf(metadata),
        name: runName ?? 'chain',
        runType: runType ?? 'chain',
        framework: FRAMEWORK,
      };
      this.runs.set(runId, operationRun('framework', this.as.startFramework(start), parent));
    } else {
      // Plumbing: one small record that passes the nearest kept ancestor's context on.
      const parent = this.parentEntry(parentRunId);
      this.runs.set(runId, hiddenRun(parent ? parent.childContext : activeContext(), parent));
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

  endChain(runId: string, outputs: unknown): void {
    if (this.siblingPrompts.size > 0) this.siblingPrompts.delete(runId);
    const entry = this.runs.delete(runId);
    if (entry?.kind === 'agent') {
      entry.op.end(this.turnContent ? { output: () => messagesOf(outputs)?.slice(-1) ?? [] } : undefined);
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
    if (entry?.kind !== 'chat') return;
    const result = toChatResult(output, this.as.captureContent);
    if (result.toolCallCount) entry.toolCalls?.record(requestedToolCalls(output));
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
