// Translates the AI SDK's message, content and tool shapes into the core's GenAI message
// schema. Only called when content capture is on (every value is passed as a thunk).
import type { GenAIMessage, MessagePart, ToolDefinition } from '@agentspan/core';

type Bag = Record<string, unknown>;

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null;
}

/** A tool result output (`{type: 'json' | 'text' | 'error-text' | …, value}`) → its value. */
function toolResultValue(output: unknown): unknown {
  return isBag(output) && 'value' in output ? output.value : output;
}

function toPart(part: unknown): MessagePart | undefined {
  if (typeof part === 'string') return { type: 'text', content: part };
  if (!isBag(part)) return undefined;
  switch (part.type) {
    case 'text':
      return { type: 'text', content: String(part.text ?? '') };
    case 'reasoning':
      return { type: 'reasoning', content: String(part.text ?? '') };
    case 'tool-call':
      return {
        type: 'tool_call',
        id: typeof part.toolCallId === 'string' ? part.toolCallId : undefined,
        name: String(part.toolName ?? ''),
        arguments: part.input,
      };
    case 'tool-result':
      return {
        type: 'tool_call_response',
        id: typeof part.toolCallId === 'string' ? part.toolCallId : undefined,
        response: 'output' in part ? toolResultValue(part.output) : part.result,
      };
    case 'tool-error':
      return {
        type: 'tool_call_response',
        id: typeof part.toolCallId === 'string' ? part.toolCallId : undefined,
        response: part.error instanceof Error ? part.error.message : part.error,
      };
    case 'image':
    case 'file':
      return { type: 'file', mediaType: part.mediaType };
    default:
      return undefined;
  }
}

function toParts(content: unknown): MessagePart[] {
  if (typeof content === 'string') return [{ type: 'text', content }];
  if (!Array.isArray(content)) return [];
  const parts: MessagePart[] = [];
  for (const p of content) {
    const part = toPart(p);
    if (part) parts.push(part);
  }
  return parts;
}

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);

/** ModelMessage[] → GenAI input messages. */
export function toInputMessages(messages: unknown): GenAIMessage[] {
  if (!Array.isArray(messages)) return [];
  const out: GenAIMessage[] = [];
  for (const m of messages) {
    if (!isBag(m) || typeof m.role !== 'string' || !ROLES.has(m.role)) continue;
    out.push({ role: m.role as GenAIMessage['role'], parts: toParts(m.content) });
  }
  return out;
}

/** The model call's content parts → one assistant output message. */
export function toOutputMessages(content: unknown): GenAIMessage[] {
  return [{ role: 'assistant', parts: toParts(content) }];
}

/** `instructions` (string, system message or messages) → system instruction parts. */
export function toSystemInstructions(instructions: unknown): MessagePart[] | undefined {
  if (instructions === undefined || instructions === null) return undefined;
  if (typeof instructions === 'string') return [{ type: 'text', content: instructions }];
  const list = Array.isArray(instructions) ? instructions : [instructions];
  const parts: MessagePart[] = [];
  for (const m of list) if (isBag(m)) parts.push(...toParts(m.content));
  return parts.length > 0 ? parts : undefined;
}

/** Prepared tool definitions (`{type: 'function', name, description, inputSchema}`) → the core's. */
export function toToolDefinitions(tools: unknown): ToolDefinition[] | undefined {
  if (!Array.isArray(tools)) return undefined;
  const out: ToolDefinition[] = [];
  for (const t of tools) {
    if (!isBag(t) || typeof t.name !== 'string') continue;
    out.push({
      type: typeof t.type === 'string' ? t.type : 'function',
      name: t.name,
      description: typeof t.description === 'string' ? t.description : undefined,
      parameters: t.inputSchema,
    });
  }
  return out;
}

/** Number of tool calls among a model call's content parts. */
export function countToolCalls(content: unknown): number {
  if (!Array.isArray(content)) return 0;
  let n = 0;
  for (const p of content) if (isBag(p) && p.type === 'tool-call') n++;
  return n;
}
