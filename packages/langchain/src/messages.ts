// LangChain messages as the GenAI message schema (content capture only: these run
// lazily, when the core asks for content).
import type { GenAIMessage, MessagePart, ToolDefinition } from '@agentspan/core';
import type { BaseMessage } from '@langchain/core/messages';
import { type Bag, isBag, stringOf } from './values.js';

type Role = GenAIMessage['role'];

function roleOf(message: BaseMessage): Role {
  const type = typeof message.getType === 'function' ? message.getType() : (message as { type?: string }).type;
  switch (type) {
    case 'human':
      return 'user';
    case 'ai':
      return 'assistant';
    case 'system':
    case 'developer':
      return 'system';
    case 'tool':
    case 'function':
      return 'tool';
    default: {
      const role = (message as { role?: unknown }).role;
      return role === 'user' || role === 'assistant' || role === 'system' || role === 'tool' ? role : 'user';
    }
  }
}

function contentParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', content }] : [];
  if (!Array.isArray(content)) return [];
  const parts: MessagePart[] = [];
  for (const block of content) {
    if (typeof block === 'string') parts.push({ type: 'text', content: block });
    else if (isBag(block)) {
      const text = stringOf(block.text);
      if (block.type === 'text' && text !== undefined) parts.push({ type: 'text', content: text });
      else if ((block.type === 'reasoning' || block.type === 'thinking') && text !== undefined)
        parts.push({ type: 'reasoning', content: text });
      else if (block.type === 'image_url' || block.type === 'image') parts.push({ type: 'uri', modality: 'image' });
      else if (block.type === 'file') parts.push({ type: 'file' });
    }
  }
  return parts;
}

/** One LangChain message as a GenAI message. */
export function toGenAIMessage(message: BaseMessage): GenAIMessage {
  const role = roleOf(message);
  const parts = contentParts(message.content);
  if (role === 'tool') {
    const id = stringOf((message as { tool_call_id?: unknown }).tool_call_id);
    const response = parts.length === 1 && parts[0]?.type === 'text' ? parts[0].content : message.content;
    return { role, parts: [{ type: 'tool_call_response', ...(id ? { id } : {}), response }] };
  }
  const toolCalls = (message as { tool_calls?: unknown }).tool_calls;
  if (role === 'assistant' && Array.isArray(toolCalls)) {
    for (const call of toolCalls) {
      if (!isBag(call)) continue;
      const id = stringOf(call.id);
      parts.push({ type: 'tool_call', ...(id ? { id } : {}), name: stringOf(call.name) ?? '', arguments: call.args });
    }
  }
  const name = stringOf(message.name);
  return name ? { role, parts, name } : { role, parts };
}

/** Chat input split as the conventions want it: system instructions apart from the messages. */
export function splitInput(messages: readonly BaseMessage[]): { system: MessagePart[]; messages: GenAIMessage[] } {
  const system: MessagePart[] = [];
  const rest: GenAIMessage[] = [];
  for (const message of messages) {
    const converted = toGenAIMessage(message);
    if (converted.role === 'system') system.push(...converted.parts);
    else rest.push(converted);
  }
  return { system, messages: rest };
}

/** Tool definitions from invocation params (OpenAI function-tool shape, or LangChain's). */
export function toolDefinitions(inv: Bag | undefined): ToolDefinition[] | undefined {
  const tools = inv?.tools;
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  const out: ToolDefinition[] = [];
  for (const tool of tools) {
    if (!isBag(tool)) continue;
    const fn = isBag(tool.function) ? tool.function : tool;
    const name = stringOf(fn.name);
    if (!name) continue;
    const def: ToolDefinition = { type: 'function', name };
    const description = stringOf(fn.description);
    if (description) def.description = description;
    if (fn.parameters !== undefined) def.parameters = fn.parameters;
    out.push(def);
  }
  return out;
}

/** A graph's `messages` input or output (BaseMessages, or `{role, content}` objects) as GenAI messages. */
export function messagesOf(value: unknown): GenAIMessage[] | undefined {
  const list = isBag(value) ? value.messages : undefined;
  if (!Array.isArray(list)) return undefined;
  const out: GenAIMessage[] = [];
  for (const item of list) {
    if (isBag(item) && typeof (item as { getType?: unknown }).getType === 'function') {
      out.push(toGenAIMessage(item as unknown as BaseMessage));
    } else if (isBag(item)) {
      const role = item.role;
      out.push({
        role: role === 'assistant' || role === 'system' || role === 'tool' ? role : 'user',
        parts: contentParts(item.content),
      });
    }
  }
  return out;
}
