// The agent's chat memory → memory spans. LlamaIndex's Memory keeps the current
// conversation in process and persists it through memory blocks (its long-term stores):
// a block's get() is a read of that store (search_memory), its put() a write
// (upsert_memory: blocks have one write verb). gen_ai.memory.store.id = the block's id.
// Blocks are wrapped when Memory first hands them work, so user-defined blocks count too.
import type { MemoryOperation, MemoryRecord, MemoryResult } from '@agentspan/core';
import { callWithin, type Patcher, reportInternal } from '@agentspan/core';
import { Memory } from '@llamaindex/core/memory';
import { FRAMEWORK, type Tracing, activeTracing } from './active.js';
import { queryText } from './messages.js';

const WRAPPED = Symbol.for('agentspan.llamaindex.memoryBlock');

interface BlockShape {
  id?: unknown;
  get?: unknown;
  put?: unknown;
  [WRAPPED]?: true;
}
type BlockMethod = (this: unknown, messages?: unknown) => unknown;

function toRecords(messages: unknown): MemoryRecord[] {
  if (!Array.isArray(messages)) return [];
  return messages.map((m: { id?: unknown; content?: unknown; role?: unknown }) => ({
    id: typeof m?.id === 'string' ? m.id : undefined,
    content: m?.content,
    metadata: typeof m?.role === 'string' ? { role: m.role } : undefined,
  }));
}

function lastUserText(messages: unknown): string {
  if (!Array.isArray(messages)) return '';
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i] as { role?: unknown; content?: unknown } | undefined;
    if (m?.role === 'user') return queryText(m.content);
  }
  return '';
}

/** What a read found: its count (content capture off), also its records (on). */
function readCount(found: unknown): MemoryResult {
  return { count: Array.isArray(found) ? found.length : undefined };
}
function readRecords(found: unknown): MemoryResult {
  return { count: Array.isArray(found) ? found.length : undefined, records: toRecords(found) };
}

function startBlockOp(tracing: Tracing, block: BlockShape, key: 'get' | 'put', messages: unknown): MemoryOperation {
  const storeId = typeof block.id === 'string' ? block.id : undefined;
  const { agentspan } = tracing;
  const capture = agentspan.captureContent;
  if (key === 'get') {
    return agentspan.startMemory({
      operation: 'search_memory',
      storeId,
      framework: FRAMEWORK,
      query: capture ? () => lastUserText(messages) : undefined,
    });
  }
  return agentspan.startMemory({
    operation: 'upsert_memory',
    storeId,
    framework: FRAMEWORK,
    records: capture ? () => toRecords(messages) : undefined,
  });
}

function wrapBlockMethod(block: BlockShape, key: 'get' | 'put'): void {
  const original = block[key];
  if (typeof original !== 'function') return;
  const method = original as BlockMethod;
  const traced: BlockMethod = function (this: unknown, messages?: unknown) {
    const tracing = activeTracing();
    if (!tracing) return method.call(this, messages);
    let op: MemoryOperation;
    try {
      op = startBlockOp(tracing, this as BlockShape, key, messages);
    } catch (error) {
      reportInternal(key === 'get' ? 'memory read' : 'memory write', error);
      return method.call(this, messages);
    }
    if (key === 'get') return callWithin(op, method, this, [messages], tracing.agentspan.captureContent ? readRecords : readCount);
    const count = Array.isArray(messages) ? messages.length : undefined;
    return callWithin(op, method, this, [messages], () => ({ count }));
  };
  Object.defineProperty(block, key, { value: traced, writable: true, configurable: true, enumerable: false });
}

function wrapBlock(block: unknown): void {
  // Memory hands its blocks work on every read and write: a wrapped block costs one check.
  if (typeof block !== 'object' || block === null) return;
  const shape = block as BlockShape;
  try {
    if (shape[WRAPPED]) return;
    wrapBlockMethod(shape, 'get');
    wrapBlockMethod(shape, 'put');
    Object.defineProperty(shape, WRAPPED, { value: true });
  } catch (error) {
    reportInternal('wrap memory block', error);
  }
}

function wrapBlocksOf(memory: unknown): void {
  const blocks = (memory as { memoryBlocks?: unknown } | null)?.memoryBlocks;
  if (Array.isArray(blocks)) for (const block of blocks) wrapBlock(block);
}

export function patchMemory(patcher: Patcher): void {
  // Memory's two doors to its blocks: reading them (getLLM) and writing to them (add).
  for (const key of ['getMemoryBlockMessages', 'processMessagesIntoMemoryBlocks'] as const) {
    patcher.method(Memory.prototype, key, (original) => {
      const method = original as unknown as (this: Memory, ...args: unknown[]) => unknown;
      return function (this: Memory, ...args: unknown[]) {
        if (activeTracing()) wrapBlocksOf(this);
        return method.apply(this, args);
      };
    });
  }
}
