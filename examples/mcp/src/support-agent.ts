// One support-agent turn whose tool lives in another process: the model asks for
// lookup_order, the call goes to the order service over MCP. Written with the core's manual
// API (agent, chat, tool helpers); the MCP client spans come from instrumentMcp().
import type { Agentspan, ChatResult } from '@agentspan/core';
import type { S1Fixture } from '@agentspan/conformance/runner';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ChatCompletion, ChatModel, ChatRequest } from './model.js';

export interface SupportAgent {
  agentspan: Agentspan;
  fixture: S1Fixture;
  model: ChatModel;
  /** The MCP client connected to the order service. */
  orders: Client;
}

function chatResult(completion: ChatCompletion): ChatResult {
  return {
    responseModel: completion.model,
    responseId: completion.id,
    usage: completion.usage,
    finishReasons: completion.choices.map((c) => c.finish_reason),
    toolCallCount: completion.choices[0]?.message.tool_calls?.length ?? 0,
  };
}

/** The text of an MCP tool result (what the model reads). */
function resultText(result: Awaited<ReturnType<Client['callTool']>>): string {
  const parts = Array.isArray(result.content) ? (result.content as { type: string; text?: string }[]) : [];
  return parts.map((p) => p.text ?? '').join('\n');
}

export async function answer(agent: SupportAgent, turn: { conversationId: string; userId: string; message: string }): Promise<string> {
  const { agentspan: as, fixture: f, model, orders } = agent;
  const { tools } = await orders.listTools();
  const request: ChatRequest = {
    model: f.requestModel,
    messages: [
      { role: 'system', content: f.systemPrompt },
      { role: 'user', content: turn.message },
    ],
    tools: tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema } })),
  };
  const chat = () => as.chat({ provider: f.provider, requestModel: request.model }, () => model.create(request), chatResult);
  return as.agent({ name: f.agentName, conversationId: turn.conversationId, userId: turn.userId }, async () => {
    const first = await chat();
    const assistant = first.choices[0]!.message;
    request.messages.push(assistant);
    for (const call of assistant.tool_calls ?? []) {
      const args = JSON.parse(call.function.arguments) as Record<string, unknown>;
      // The application's tool span; the MCP client span nests under it.
      const result = await as.tool({ name: call.function.name, callId: call.id, arguments: args }, () =>
        orders.callTool({ name: call.function.name, arguments: args }),
      );
      request.messages.push({ role: 'tool', tool_call_id: call.id, content: resultText(result) });
    }
    const second = await chat();
    return second.choices[0]?.message.content ?? '';
  });
}
