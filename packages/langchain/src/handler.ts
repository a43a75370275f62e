// The LangChain callback handler: use it per call (`callbacks: [handler]`) or globally
// (registerAgentspanHandler). Each callback only hands the run to the translator, inside
// a try/catch (inline: no closure per event): tracing never throws into LangChain or the
// application.
import { BaseCallbackHandler, type HandleLLMNewTokenCallbackFields, type NewTokenIndices } from '@langchain/core/callbacks/base';
import type { DocumentInterface } from '@langchain/core/documents';
import type { Serialized } from '@langchain/core/load/serializable';
import type { BaseMessage } from '@langchain/core/messages';
import type { LLMResult } from '@langchain/core/outputs';
import type { ChainValues } from '@langchain/core/utils/types';
import { reportInternal } from '@agentspan/core';
import { type AgentspanLangChainOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { installExecutionContext } from './patch-execution.js';
import { RunTranslator } from './run-translator.js';

/** The name LangChain deduplicates global handlers by. */
export const HANDLER_NAME = 'agentspan';

export class AgentspanCallbackHandler extends BaseCallbackHandler {
  name = HANDLER_NAME;
  readonly options: ResolvedOptions;
  private readonly runs: RunTranslator;

  constructor(options?: AgentspanLangChainOptions | AgentspanCallbackHandler) {
    // Awaited: LangChain then calls us at the moment of the framework call, in the
    // caller's context, before the run's body starts (never from its background queue).
    super({ _awaitHandler: true });
    // LangChain's copy() passes the handler itself back to the constructor.
    this.options = options instanceof AgentspanCallbackHandler ? options.options : resolveOptions(options);
    if (this.options.wrapExecution) installExecutionContext();
    this.runs = new RunTranslator(this.options);
  }

  // LangChain calls handleChainStart with (chain, inputs, runId, parentRunId, tags,
  // metadata, runType, runName): not the order its declaration shows. Parameters are
  // named here by what they carry at run time.
  override handleChainStart(
    chain: Serialized,
    inputs: ChainValues,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    metadata?: Record<string, unknown>,
    runType?: string,
    runName?: string,
  ): void {
    try {
      this.runs.startChain(runId, parentRunId, inputs, metadata, runType, runName, chain);
    } catch (fault) {
      reportInternal('handleChainStart', fault);
    }
  }

  override handleChainEnd(outputs: ChainValues, runId: string): void {
    try {
      this.runs.endChain(runId, outputs);
    } catch (fault) {
      reportInternal('handleChainEnd', fault);
    }
  }

  override handleChainError(error: unknown, runId: string): void {
    try {
      this.runs.fail(runId, error);
    } catch (fault) {
      reportInternal('handleChainError', fault);
    }
  }

  override handleChatModelStart(
    llm: Serialized,
    messages: BaseMessage[][],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    try {
      this.runs.startChat(runId, parentRunId, llm, { messages: messages[0] ?? [] }, extraParams, metadata);
    } catch (fault) {
      reportInternal('handleChatModelStart', fault);
    }
  }

  override handleLLMStart(
    llm: Serialized,
    prompts: string[],
    runId: string,
    parentRunId?: string,
    extraParams?: Record<string, unknown>,
    _tags?: string[],
    metadata?: Record<string, unknown>,
  ): void {
    try {
      this.runs.startChat(runId, parentRunId, llm, { prompts }, extraParams, metadata);
    } catch (fault) {
      reportInternal('handleLLMStart', fault);
    }
  }

  override handleLLMNewToken(
    _token: string,
    _idx: NewTokenIndices,
    runId: string,
    _parentRunId?: string,
    _tags?: string[],
    _fields?: HandleLLMNewTokenCallbackFields,
  ): void {
    try {
      this.runs.chunk(runId);
    } catch (fault) {
      reportInternal('handleLLMNewToken', fault);
    }
  }

  override handleLLMEnd(output: LLMResult, runId: string): void {
    try {
      this.runs.endChat(runId, output);
    } catch (fault) {
      reportInternal('handleLLMEnd', fault);
    }
  }

  override handleLLMError(error: unknown, runId: string): void {
    try {
      this.runs.fail(runId, error);
    } catch (fault) {
      reportInternal('handleLLMError', fault);
    }
  }

  override handleToolStart(
    tool: Serialized,
    input: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    metadata?: Record<string, unknown>,
    runName?: string,
    toolCallId?: string,
  ): void {
    try {
      this.runs.startTool(runId, parentRunId, tool, input, metadata, runName, toolCallId);
    } catch (fault) {
      reportInternal('handleToolStart', fault);
    }
  }

  override handleToolEnd(output: unknown, runId: string): void {
    try {
      this.runs.endTool(runId, output);
    } catch (fault) {
      reportInternal('handleToolEnd', fault);
    }
  }

  override handleToolError(error: unknown, runId: string): void {
    try {
      this.runs.fail(runId, error);
    } catch (fault) {
      reportInternal('handleToolError', fault);
    }
  }

  override handleRetrieverStart(
    _retriever: Serialized,
    query: string,
    runId: string,
    parentRunId?: string,
    _tags?: string[],
    metadata?: Record<string, unknown>,
    name?: string,
  ): void {
    try {
      this.runs.startRetriever(runId, parentRunId, query, metadata, name);
    } catch (fault) {
      reportInternal('handleRetrieverStart', fault);
    }
  }

  override handleRetrieverEnd(documents: DocumentInterface[], runId: string): void {
    try {
      this.runs.endRetriever(runId, documents);
    } catch (fault) {
      reportInternal('handleRetrieverEnd', fault);
    }
  }

  override handleRetrieverError(error: unknown, runId: string): void {
    try {
      this.runs.fail(runId, error);
    } catch (fault) {
      reportInternal('handleRetrieverError', fault);
    }
  }
}
