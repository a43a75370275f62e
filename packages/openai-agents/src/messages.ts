// The SDK's items (the Responses API's shapes, camelCase: messages, function_call,
// function_call_result, reasoning) → the GenAI message schema, for content capture only.
// Run only when content is captured (the core calls these lazily).
import type { GenAIMessage, MessagePart, ToolDefinition } from '@agentspan/core';
import { isRecord, type SdkModelRequest, text } from './sdk.js';

type Role = GenAIMessage['role'];

/** A JSON string parsed when it is one (tool arguments), else the value as given. */
export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The text of a content value: a string, or the text of its parts. */
function contentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  const parts: MessagePart[] = [];
  for (const part of content) {
    if (!isRecord(part)) continue;
    const body = text(part.text) ?? text(part.refusal) ?? text(part.transcript);
    if (body !== undefined) parts.push({ type: 'text', content: body });
    else if (part.type === 'input_image' || part.type === 'input_file' || part.type === 'audio') {
      parts.push({ type: part.type === 'input_file' ? 'file' : 'blob', modality: String(part.type) });
    }
  }
  return parts;
}

function toolOutput(output: unknown): unknown {
  if (isRecord(output) && !Array.isArray(output) && typeof output.text === 'string') return output.text;
  if (Array.isArray(output)) return contentParts(output).map((p) => ('content' in p ? p.content : p));
  return output;
}

function roleOf(value: unknown): Role | undefined {
  return value === 'user' || value === 'assistant' || value === 'system' || value === 'tool' ? value : undefined;
}

/**
 * Items → messages: a model's function calls join the assistant message they follow (one
 * message per model turn), each tool result is a tool message.
 */
export function toGenAIMessages(input: unknown): GenAIMessage[] {
  if (typeof input === 'string') return [{ role: 'user', parts: [{ type: 'text', content: input }] }];
  if (!Array.isArray(input)) return [];
  const messages: GenAIMessage[] = [];
  let assistant: GenAIMessage | undefined;
  const assistantMessage = (): GenAIMessage => {
    if (!assistant) {
      assistant = { role: 'assistant', parts: [] };
      messages.push(assistant);
    }
    return assistant;
  };
  for (const item of input) {
    if (!isRecord(item)) continue;
    const role = roleOf(item.role);
    if (item.type === 'function_call') {
      assistantMessage().parts.push({ type: 'tool_call', id: text(item.callId), name: String(item.name ?? ''), arguments: parseJson(item.arguments) });
    } else if (item.type === 'function_call_result') {
      assistant = undefined;
      messages.push({ role: 'tool', parts: [{ type: 'tool_call_response', id: text(item.callId), response: toolOutput(item.output) }] });
    } else if (item.type === 'reasoning') {
      const reasoning = contentParts(item.content).concat(contentParts(item.rawContent));
      for (const part of reasoning) if (part.type === 'text') assistantMessage().parts.push({ type: 'reasoning', content: part.content });
    } else if (role === 'assistant') {
      assistantMessage().parts.push(...contentParts(item.content));
    } else if (role) {
      assistant = undefined;
      messages.push({ role, parts: contentParts(item.content) });
    }
  }
  return messages;
}

/** A run's final output (text or a structured object) as the assistant's message. */
export function finalOutputMessages(output: unknown): GenAIMessage[] {
  if (output === undefined || output === null) return [];
  const content = typeof output === 'string' ? output : JSON.stringify(output);
  return [{ role: 'assistant', parts: [{ type: 'text', content }] }];
}

/** The function tools and handoffs offered to the model. */
export function toolDefinitions(request: SdkModelRequest): ToolDefinition[] {
  const definitions: ToolDefinition[] = [];
  for (const tool of request.tools ?? []) {
    if (!isRecord(tool) || typeof tool.name !== 'string') continue;
    definitions.push({ type: tool.type === 'function' ? 'function' : String(tool.type ?? 'function'), name: tool.name, description: text(tool.description), parameters: tool.parameters });
  }
  for (const handoff of request.handoffs ?? []) {
    if (!isRecord(handoff) || typeof handoff.toolName !== 'string') continue;
    definitions.push({ type: 'function', name: handoff.toolName, description: text(handoff.toolDescription), parameters: handoff.inputJsonSchema });
  }
  return definitions;
}
