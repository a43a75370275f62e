// LlamaIndex chat messages and tools → the GenAI message schema (content capture only:
// these run lazily, when capture is on).
import type { GenAIMessage, MessagePart, ToolDefinition } from '@agentspan/core';
import type { BaseTool, ChatMessage, MessageContent } from '@llamaindex/core/llms';

type Bag = Record<string, unknown>;

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null;
}

function contentParts(content: MessageContent | undefined): MessagePart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  const parts: MessagePart[] = [];
  for (const detail of content) {
    if (detail.type === 'text') parts.push({ type: 'text', content: detail.text });
    else if (detail.type === 'image_url') parts.push({ type: 'uri', modality: 'image', uri: detail.image_url.url });
    else parts.push({ type: 'blob', modality: detail.type });
  }
  return parts;
}

function roleOf(role: string): GenAIMessage['role'] {
  if (role === 'user' || role === 'assistant' || role === 'system') return role;
  return role === 'developer' || role === 'memory' ? 'system' : 'user';
}

/** One LlamaIndex message; tool calls and tool results become their own parts. */
export function toGenAIMessage(message: ChatMessage): GenAIMessage {
  const options: unknown = message.options;
  if (isBag(options) && isBag(options.toolResult)) {
    const result = options.toolResult;
    return {
      role: 'tool',
      parts: [{ type: 'tool_call_response', id: typeof result.id === 'string' ? result.id : undefined, response: result.result }],
    };
  }
  const parts = contentParts(message.content);
  if (isBag(options) && Array.isArray(options.toolCall)) {
    for (const call of options.toolCall as unknown[]) {
      if (!isBag(call) || typeof call.name !== 'string') continue;
      parts.push({ type: 'tool_call', id: typeof call.id === 'string' ? call.id : undefined, name: call.name, arguments: call.input });
    }
  }
  return { role: roleOf(message.role), parts };
}

export function toGenAIMessages(messages: readonly ChatMessage[] | undefined): GenAIMessage[] {
  return (messages ?? []).filter((m) => m.role !== 'system').map(toGenAIMessage);
}

/** The system prompt(s) of a request, as text parts. */
export function systemInstructions(messages: readonly ChatMessage[] | undefined): MessagePart[] {
  return (messages ?? []).filter((m) => m.role === 'system').flatMap((m) => contentParts(m.content));
}

export function toolDefinitions(tools: readonly BaseTool[] | undefined): ToolDefinition[] {
  return (tools ?? []).map((tool) => ({
    type: 'function',
    name: tool.metadata.name,
    description: tool.metadata.description,
    parameters: tool.metadata.parameters,
  }));
}

/** Plain text of a retrieval query or a message. */
export function queryText(query: unknown): string {
  if (typeof query === 'string') return query;
  if (isBag(query) && 'query' in query) return queryText(query.query);
  if (isBag(query) && query.type === 'text' && typeof query.text === 'string') return query.text;
  if (Array.isArray(query)) {
    return query
      .map((d: unknown) => (isBag(d) && d.type === 'text' && typeof d.text === 'string' ? d.text : ''))
      .filter((t) => t !== '')
      .join('\n');
  }
  return '';
}
