// A long-term memory block (LlamaIndex's extension point for memory stores) backed by an
// in-process array: get() returns the stored records, put() appends.
import { BaseMemoryBlock, type MemoryMessage } from '@llamaindex/core/memory';

export class ConversationBlock extends BaseMemoryBlock {
  constructor(
    id: string,
    readonly records: MemoryMessage[],
    private readonly failWith?: unknown,
  ) {
    super({ id, priority: 1, isLongTerm: true });
  }

  async get(): Promise<MemoryMessage[]> {
    if (this.failWith !== undefined) throw this.failWith;
    return [...this.records];
  }

  async put(messages: MemoryMessage[]): Promise<void> {
    this.records.push(...messages);
  }
}
