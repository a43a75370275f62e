// The support agent's own pieces, written as an AI SDK application writes them: a
// conversation store and a knowledge base (the SDK has neither), and the lookup_order tool.
import type { S1Fixture } from '@agentspan/conformance/runner';
export { type KbDocument, KnowledgeBase } from '@agentspan/conformance/runner';
import { type Tool, tool } from 'ai';
import { z } from 'zod';

export interface MemoryItem {
  id: string;
  content: string;
}

/** The application's conversation memory (one write verb: save). */
export class ConversationStore {
  private readonly items = new Map<string, MemoryItem[]>();
  constructor(private readonly seed: readonly MemoryItem[]) {}

  async search(conversationId: string): Promise<MemoryItem[]> {
    await Promise.resolve();
    return [...(this.items.get(conversationId) ?? this.seed)];
  }

  async save(conversationId: string, item: MemoryItem): Promise<void> {
    await Promise.resolve();
    this.items.set(conversationId, [...(this.items.get(conversationId) ?? this.seed), item]);
  }
}

/** lookup_order, as an AI SDK tool. S2: it throws the given error. */
export function lookupOrderTool(f: S1Fixture, error?: Error): Tool<{ orderId: string }, S1Fixture['tool']['result']> {
  return tool({
    description: f.tool.description,
    inputSchema: z.object({ orderId: z.string() }),
    execute: async () => {
      await Promise.resolve();
      if (error) throw error;
      return f.tool.result;
    },
  });
}
