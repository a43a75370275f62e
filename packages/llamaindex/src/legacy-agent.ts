// The legacy agents (ReActAgent, LLMAgent and other AgentRunner subclasses; deprecated in
// LlamaIndex 0.12 but still shipped) → invoke_agent spans named by their class, which is
// a framework default name: inside an agent span of the application they merge into it.
// AgentRunner decorates chat with wrapEventCaller, which binds the method to each instance
// at construction: agents constructed before instrumentLlamaIndex() are not seen.
import type { AgentOperation } from '@agentspan/core';
import { isPromiseLike, type Patcher, safely } from '@agentspan/core';
import { AgentRunner } from '@llamaindex/core/agent';
import { FRAMEWORK, type Tracing, activeTracing } from './active.js';
import { instrumentLLM } from './llm.js';
import { type ToolShape, wrapTool } from './tool-wrapper.js';

interface RunnerShape {
  llm?: unknown;
  constructor: { name?: string };
}

type Chat = (this: RunnerShape, params: unknown) => unknown;

function startLegacyAgent(tracing: Tracing, runner: RunnerShape): AgentOperation {
  instrumentLLM(runner.llm);
  const model = (runner.llm as { metadata?: { model?: unknown } } | undefined)?.metadata?.model;
  return tracing.agentspan.startAgent({
    name: runner.constructor.name || 'AgentRunner',
    isDefaultName: true,
    framework: FRAMEWORK,
    requestModel: typeof model === 'string' ? model : undefined,
  });
}

function endWith(tracing: Tracing, op: AgentOperation, response: unknown): unknown {
  if (!(response instanceof ReadableStream)) {
    op.end();
    return response;
  }
  const traced = tracing.agentspan.traceStream(response as ReadableStream<unknown>, { owners: [op], onComplete: () => op.end() });
  return ReadableStream.from(traced);
}

function wrapTools(tools: unknown): void {
  if (Array.isArray(tools)) for (const tool of tools) wrapTool(tool as ToolShape);
}

export function patchLegacyAgents(patcher: Patcher): void {
  const proto = AgentRunner.prototype as unknown as object;
  patcher.method(proto, 'chat', (original) => {
    const chat = original as unknown as Chat;
    return function tracedAgentChat(this: RunnerShape, params: unknown) {
      const tracing = activeTracing();
      const op = tracing ? safely('legacy agent start', () => startLegacyAgent(tracing, this), undefined) : undefined;
      if (!op || !tracing) return chat.call(this, params);
      let pending: unknown;
      try {
        pending = op.run(() => chat.call(this, params));
      } catch (error) {
        op.fail(error);
        throw error;
      }
      if (!isPromiseLike(pending)) return safely('legacy agent end', () => endWith(tracing, op, pending), pending);
      return Promise.resolve(pending).then(
        (response) => safely('legacy agent end', () => endWith(tracing, op, response), response),
        (error: unknown) => {
          op.fail(error);
          throw error;
        },
      );
    };
  });
  // The tools a legacy agent is about to use (a list, or a tool retriever's promise of one).
  patcher.method(proto, 'getTools', (original) => {
    const getTools = original as unknown as (this: unknown, query: unknown) => unknown;
    return function tracedGetTools(this: unknown, query: unknown) {
      const tools = getTools.call(this, query);
      if (!activeTracing()) return tools;
      if (isPromiseLike(tools)) {
        return Promise.resolve(tools).then((list) => {
          safely('legacy tools', () => wrapTools(list), undefined);
          return list;
        });
      }
      safely('legacy tools', () => wrapTools(tools), undefined);
      return tools;
    };
  });
}
