// Tool-call ids for @langchain/core releases that do not pass them to handleToolStart
// (before 1.1.2x): the id is recovered from the tool calls the agent's model asked for.
// Each agent run keeps the calls its chats returned until a tool run claims one: the first
// call of that tool with the same arguments, else the first call of that tool.
import { type Bag, isBag, stringOf } from './values.js';

interface RequestedCall {
  id: string;
  name: string;
  args: string;
}

// A turn asks for a handful of calls; far more unclaimed ones means nobody claims them.
const MAX_WAITING = 64;

export class RequestedToolCalls {
  private waiting: RequestedCall[] = [];

  /** The tool calls of a chat's output message (`tool_calls`). */
  record(toolCalls: unknown): void {
    if (!Array.isArray(toolCalls)) return;
    for (const call of toolCalls as unknown[]) {
      if (!isBag(call)) continue;
      const id = stringOf(call.id);
      const name = stringOf(call.name);
      if (id && name) this.waiting.push({ id, name, args: argsJson(call.args) });
    }
    if (this.waiting.length > MAX_WAITING) this.waiting.splice(0, this.waiting.length - MAX_WAITING);
  }

  /** The id of the call this tool run executes; `knownId` when LangChain passed one (it is then only forgotten). */
  claim(name: string, input: string, knownId: string | undefined): string | undefined {
    const waiting = this.waiting;
    if (waiting.length === 0) return knownId;
    let index = knownId !== undefined ? waiting.findIndex((c) => c.id === knownId) : waiting.findIndex((c) => c.name === name && c.args === input);
    if (index < 0 && knownId === undefined) index = waiting.findIndex((c) => c.name === name);
    if (index < 0) return knownId;
    const [call] = waiting.splice(index, 1);
    return knownId ?? call?.id;
  }
}

function argsJson(args: unknown): string {
  if (typeof args === 'string') return args;
  try {
    return JSON.stringify((args ?? {}) as Bag);
  } catch {
    return '';
  }
}
