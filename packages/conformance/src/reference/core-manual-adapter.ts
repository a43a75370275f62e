// The S1 turn written by hand with @agentspan/core's manual API, the way an application
// without a supported framework would: an agent helper around the turn; memory, retrieval,
// chat, tool, chat, memory through the core's helpers; streaming through traceStream.
import type { Agentspan, ChatResult, GenAIMessage } from '@agentspan/core';
import { context } from '@opentelemetry/api';
import type { ConformanceAdapter, TurnRequest } from '../adapter.js';
import { renderPrompt } from '../evaluation/fixture.js';
import {
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatRequest,
  FakeOpenAI,
  type OpenAIMessage,
} from './fake-openai.js';
import { ConversationStore, KnowledgeBase, lookupOrderTool } from './support-app.js';
import { S7 } from '../team-fixture.js';
import { runHandoffTurn, runSupervisorTurn } from './team-turns.js';

/** The application's messages in the GenAI message schema (content capture). */
function toGenAIMessages(messages: readonly OpenAIMessage[]): GenAIMessage[] {
  return messages
    .filter((message) => message.role !== 'system')
    .map((message): GenAIMessage => {
      if (message.role === 'tool') {
        return {
          role: 'tool',
          parts: [{ type: 'tool_call_response', id: message.tool_call_id, response: message.content }],
        };
      }
      return {
        role: message.role,
        parts: [
          ...(message.content ? [{ type: 'text' as const, content: message.content }] : []),
          ...(message.tool_calls ?? []).map((call) => ({
            type: 'tool_call' as const,
            id: call.id,
            name: call.function.name,
            arguments: JSON.parse(call.function.arguments) as unknown,
          })),
        ],
      };
    });
}

function completionResult(completion: ChatCompletion): ChatResult {
  const message = completion.choices[0]?.message;
  return {
    responseModel: completion.model,
    responseId: completion.id,
    usage: completion.usage,
    finishReasons: completion.choices.map((choice) => choice.finish_reason),
    toolCallCount: message?.tool_calls?.length ?? 0,
    outputMessages: () => (message ? toGenAIMessages([message]) : []),
  };
}

/** The order lookup of a turn: by default the in-process tool of the fixture. */
export type LookupOrder = (args: { orderId: string }) => Promise<unknown>;

/** One support-agent turn's application objects. */
function supportApp(turn: TurnRequest, lookupOrder?: LookupOrder) {
  const f = turn.fixture;
  return {
    f,
    as: turn.agentspan,
    model: new FakeOpenAI(f, turn.variant === 'model_error' ? turn.modelError : undefined),
    memory: new ConversationStore([...f.memory.records], turn.conversationId),
    kb: new KnowledgeBase(f.retrieval.documents),
    lookupOrder: lookupOrder ?? lookupOrderTool(f, turn.variant === 'tool_error' ? turn.toolError : undefined),
    // E1: the system prompt rendered from a versioned template, named on each chat call.
    systemPrompt: turn.prompt ? renderPrompt(turn.prompt) : f.systemPrompt,
    prompt: turn.prompt ? { name: turn.prompt.name, version: turn.prompt.version, variables: turn.prompt.variables } : undefined,
  };
}
type SupportApp = ReturnType<typeof supportApp>;

function chatStart(app: SupportApp, request: ChatRequest, stream = false) {
  return {
    provider: app.f.provider,
    requestModel: request.model,
    stream,
    inputMessages: () => toGenAIMessages(request.messages),
    systemInstructions: app.systemPrompt,
    prompt: app.prompt,
    toolDefinitions: () => (request.tools ?? []).map((tool) => ({ type: 'function', ...tool.function })),
  };
}

/** Steps 1-4: memory, knowledge base, the first model call and its tool call. */
async function gatherAnswerRequest(app: SupportApp, turn: TurnRequest): Promise<ChatRequest> {
  const { as, f } = app;
  const history = await as.memory(
    { operation: 'search_memory', storeId: f.memory.storeId, query: turn.userMessage },
    () => app.memory.search(turn.conversationId),
    (records) => ({ records }),
  );
  const documents = await as.retrieval(
    { dataSourceId: f.retrieval.dataSourceId, topK: f.retrieval.topK, query: turn.userMessage },
    () => app.kb.search(turn.userMessage, f.retrieval.topK),
    (found) => ({ documents: found }),
  );
  const context = [...history, ...documents].map((item) => item.content).join('\n');
  const request: ChatRequest = {
    model: f.requestModel,
    messages: [
      { role: 'system', content: `${app.systemPrompt}\n${context}` },
      { role: 'user', content: turn.userMessage },
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: f.tool.name,
          description: f.tool.description,
          parameters: { type: 'object', properties: { orderId: { type: 'string' } } },
        },
      },
    ],
  };
  const first = await as.chat(chatStart(app, request), () => app.model.create(request), completionResult);
  const assistant = first.choices[0]!.message;
  request.messages.push(assistant);
  for (const call of assistant.tool_calls ?? []) {
    const args = JSON.parse(call.function.arguments) as { orderId: string };
    let output: string;
    try {
      const result = await as.tool(
        { name: call.function.name, callId: call.id, description: f.tool.description, arguments: args },
        () => app.lookupOrder(args),
      );
      output = JSON.stringify(result);
    } catch (error) {
      // The model sees the tool's failure and answers anyway.
      output = `Error: ${error instanceof Error ? error.message : String(error)}`;
    }
    request.messages.push({ role: 'tool', tool_call_id: call.id, content: output });
  }
  return request;
}

/** Step 6. */
function rememberTurn(app: SupportApp, turn: TurnRequest): Promise<void> {
  const { written, storeId } = app.f.memory;
  return app.as.memory(
    { operation: 'upsert_memory', storeId, records: [written] },
    () => app.memory.put(turn.conversationId, written),
    () => ({ count: 1 }),
  );
}

/** Step 5 streamed: the answer's text, with the chat span ended when the stream is consumed. */
function streamAnswer(
  app: SupportApp,
  request: ChatRequest,
  options: { signal?: AbortSignal; alsoOwnedBy?: Parameters<Agentspan['traceStream']>[1]['owners'] },
): AsyncIterable<string> {
  const chat = app.as.startChat(chatStart(app, request, true));
  let responseModel: string | undefined;
  let usage: unknown;
  let finishReason: string | undefined;
  let text = '';
  const chunks = app.as.traceStream<ChatCompletionChunk>(
    chat.run(() => app.model.stream(request, options.signal)),
    {
      owners: [chat, ...(options.alsoOwnedBy ?? [])],
      onChunk: (chunk) => {
        chat.recordChunk();
        responseModel = chunk.model;
        usage = chunk.usage ?? usage;
        const choice = chunk.choices[0];
        finishReason = choice?.finish_reason ?? finishReason;
        text += choice?.delta.content ?? '';
      },
      onComplete: () =>
        chat.end({
          responseModel,
          usage,
          finishReasons: [finishReason],
          outputMessages: () => [{ role: 'assistant', parts: [{ type: 'text', content: text }] }],
        }),
    },
  );
  return (async function* () {
    for await (const chunk of chunks) yield chunk.choices[0]?.delta.content ?? '';
  })();
}

async function runWholeTurn(app: SupportApp, turn: TurnRequest): Promise<void> {
  const { as, f } = app;
  // S7: the manual API's stand-in for a framework's own sequence is the workflow operation.
  const root = turn.variant === 'no_app_root' ? { name: S7.workflowName, operation: 'invoke_workflow' as const } : { name: f.agentName };
  await as.agent(root, async () => {
    const request = await gatherAnswerRequest(app, turn);
    if (turn.variant === 'stream' || turn.variant === 'stream_abort') {
      const controller = new AbortController();
      let received = 0;
      for await (const _text of streamAnswer(app, request, { signal: controller.signal })) {
        received += 1;
        if (turn.variant === 'stream_abort' && received === f.abortAfterChunks) controller.abort();
      }
    } else {
      await as.chat(chatStart(app, request), () => app.model.create(request), completionResult);
    }
    await rememberTurn(app, turn);
  });
}

/** S4b idle: the answer stream outlives the call; the caller reads two chunks and walks away. */
async function runAbandonedTurn(app: SupportApp, turn: TurnRequest): Promise<void> {
  const agent = app.as.startAgent({ name: app.f.agentName });
  let request: ChatRequest;
  try {
    request = await agent.run(() => gatherAnswerRequest(app, turn));
  } catch (error) {
    agent.fail(error);
    throw error;
  }
  const answer = agent.run(() => streamAnswer(app, request, { alsoOwnedBy: [agent] }));
  const reader = answer[Symbol.asyncIterator]();
  for (let read = 0; read < app.f.abortAfterChunks; read += 1) await reader.next();
}

/** The same turn with another order lookup (an MCP server's tool, in the MCP scenarios). */
export function coreManualAdapterWith(options: { name: string; lookupOrder: LookupOrder }): ConformanceAdapter {
  return {
    name: options.name,
    runTurn(turn) {
      return runTurn(turn, options.lookupOrder);
    },
  };
}

function runTurn(turn: TurnRequest, lookupOrder?: LookupOrder): Promise<void> {
  const app = supportApp(turn, lookupOrder);
  const ids = turn.agentspan.withTurn({ conversationId: turn.conversationId, userId: turn.userId });
  return context.with(ids, () => {
    if (turn.variant === 'supervisor') return runSupervisorTurn(turn.agentspan);
    if (turn.variant === 'handoff') return runHandoffTurn(turn.agentspan);
    return turn.variant === 'stream_idle' ? runAbandonedTurn(app, turn) : runWholeTurn(app, turn);
  });
}

export const coreManualAdapter: ConformanceAdapter = {
  name: '@agentspan/core manual API',
  runTurn(turn) {
    return runTurn(turn);
  },
};
