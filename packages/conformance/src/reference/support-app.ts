// The support agent's own parts: its conversation memory, its knowledge base and its tool.
// Plain application code; tracing happens in the adapter around the calls.
import { setTimeout as sleep } from 'node:timers/promises';
import type { S1Fixture } from '../fixture.js';

export interface StoredRecord {
  id: string;
  content: string;
}

export class ConversationStore {
  private readonly byConversation = new Map<string, StoredRecord[]>();

  constructor(seed: readonly StoredRecord[], conversationId: string) {
    this.byConversation.set(conversationId, [...seed]);
  }

  async search(conversationId: string): Promise<StoredRecord[]> {
    await sleep(1);
    return [...(this.byConversation.get(conversationId) ?? [])];
  }

  async put(conversationId: string, record: StoredRecord): Promise<void> {
    await sleep(1);
    this.byConversation.set(conversationId, [...(this.byConversation.get(conversationId) ?? []), record]);
  }
}

export interface KbDocument {
  id: string;
  score: number;
  content: string;
}

export class KnowledgeBase {
  constructor(private readonly documents: readonly KbDocument[]) {}

  async search(_query: string, topK: number): Promise<KbDocument[]> {
    await sleep(1);
    return [...this.documents].sort((a, b) => b.score - a.score).slice(0, topK);
  }
}

export function lookupOrderTool(fixture: S1Fixture, failWith?: Error) {
  return async (args: { orderId: string }): Promise<{ status: string }> => {
    await sleep(1);
    if (failWith) throw failWith;
    if (args.orderId !== fixture.chat1.toolCall.arguments.orderId) throw new Error('unknown order');
    return { ...fixture.tool.result };
  };
}
