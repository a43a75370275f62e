// What the integration keeps per AI SDK call (one `callId`: a generateText, streamText,
// generateObject, streamObject, embed, embedMany or rerank), and how it closes.
import type {
  AgentOperation,
  ChatOperation,
  ChatResult,
  EmbeddingsOperation,
  Operation,
  PromptRef,
  RerankOperation,
  ToolOperation,
} from '@agentspan/core';
import type { Context } from '@opentelemetry/api';

export type RunKind = 'text' | 'object' | 'embed' | 'rerank';

/** A streamed model call whose result is known but whose output the caller has not read yet. */
export interface HeldChat {
  readonly op: ChatOperation;
  readonly result: ChatResult;
}

export interface RunState {
  readonly callId: string;
  readonly kind: RunKind;
  readonly stream: boolean;
  /** The context active when the application made the call: every span of the run parents from it. */
  readonly parent: Context;
  readonly conversationId: string | undefined;
  readonly userId: string | undefined;
  /** The prompt the call's runtimeContext names: its chat calls used it. */
  readonly prompt: PromptRef | undefined;
  /** The call's tool set (descriptions for execute_tool spans). */
  readonly toolSet: unknown;
  agent: AgentOperation | undefined;
  /** Verbose mode only: the current step's framework span. */
  step: Operation<void> | undefined;
  /** The model call in flight (one at a time per call; retries share it). */
  chat: ChatOperation | undefined;
  /** Set by executeLanguageModelCall when an attempt throws: the chat span's error. */
  attemptError: unknown;
  /**
   * The response model as the provider reported it (generate result or stream metadata):
   * the end event's modelId is the response model only from ai 7.0.1xx on.
   */
  responseModel: string | undefined;
  held: HeldChat | undefined;
  tools: Map<string, ToolOperation> | undefined;
  embeds: Map<string, EmbeddingsOperation> | undefined;
  rerank: RerankOperation | undefined;
}

/** Where the run's model calls, tools and steps parent. */
export function childContext(state: RunState): Context {
  return state.step?.context ?? state.agent?.context ?? state.parent;
}

/** Ends the held streamed chat with its result (its output has been delivered). */
export function releaseHeldChat(state: RunState): void {
  const held = state.held;
  if (!held) return;
  state.held = undefined;
  held.op.end(held.result);
}

/** Ends every open operation of the run except the agent, failing or cancelling it. */
export function closeChildren(state: RunState, how: 'fail' | 'cancel', reason: unknown): void {
  const others: Pick<Operation<never>, 'fail' | 'cancel'>[] = [];
  const chats: ChatOperation[] = [];
  if (state.chat) chats.push(state.chat);
  if (state.held) chats.push(state.held.op);
  for (const op of state.tools?.values() ?? []) others.push(op);
  for (const op of state.embeds?.values() ?? []) others.push(op);
  if (state.rerank) others.push(state.rerank);
  if (state.step) others.push(state.step);
  state.chat = undefined;
  state.held = undefined;
  state.tools?.clear();
  state.embeds?.clear();
  state.rerank = undefined;
  state.step = undefined;
  // A model call fails with its own last attempt's error (the caller may get a wrapper).
  const chatReason = how === 'fail' && state.attemptError !== undefined ? state.attemptError : reason;
  for (const op of chats) how === 'fail' ? op.fail(chatReason) : op.cancel(chatReason);
  for (const op of others) how === 'fail' ? op.fail(reason) : op.cancel(reason);
}
