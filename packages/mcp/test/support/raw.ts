// Raw JSON-RPC over the SDK's in-memory transport: one end driven by hand (requests sent as
// given, messages collected), the other connected to a real client or server.
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';

export interface RawEnd {
  transport: InMemoryTransport;
  received: unknown[];
  /** The next message received (a response to what was sent). */
  next(): Promise<unknown>;
}

export async function rawEnd(transport: InMemoryTransport): Promise<RawEnd> {
  const received: unknown[] = [];
  const waiting: ((message: unknown) => void)[] = [];
  transport.onmessage = (message: unknown) => {
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else received.push(message);
  };
  await transport.start();
  return {
    transport,
    received,
    next: () => (received.length > 0 ? Promise.resolve(received.shift()) : new Promise((resolve) => waiting.push(resolve))),
  };
}

export function linkedPair(): [InMemoryTransport, InMemoryTransport] {
  return InMemoryTransport.createLinkedPair();
}
