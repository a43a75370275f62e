// A real MCP client and server of the official SDK in one process, over its in-memory
// transport: the order service of the support agent (lookup_order), a prompt, a resource.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export class OrderServiceError extends Error {
  constructor(message = 'upstream timeout') {
    super(message);
    this.name = 'OrderServiceError';
  }
}

export interface OrderServerOptions {
  /** Runs inside the tool's handler (nest spans there, throw, wait). */
  onLookup?: (orderId: string) => Promise<void> | void;
}

// The SDK's first registration methods (tool, prompt, resource): the ones every version of
// the peer range has, so that the lowest-version suite runs these tests unchanged.
export function orderServer(options: OrderServerOptions = {}): McpServer {
  const server = new McpServer({ name: 'orders', version: '1.0.0' });
  server.tool('lookup_order', 'Look up an order by id', { orderId: z.string() }, async ({ orderId }) => {
    await options.onLookup?.(orderId);
    return { content: [{ type: 'text' as const, text: JSON.stringify({ status: 'delivered' }) }] };
  });
  server.prompt('summarize', { orderId: z.string() }, ({ orderId }) => ({
    messages: [{ role: 'user' as const, content: { type: 'text' as const, text: `Summarize order ${orderId}` } }],
  }));
  server.resource('policy', 'policy://returns', async (uri) => ({
    contents: [{ uri: uri.href, text: 'Returns within 30 days.' }],
  }));
  return server;
}

export interface Pair {
  client: Client;
  server: McpServer;
  clientTransport: InMemoryTransport;
  serverTransport: InMemoryTransport;
  close(): Promise<void>;
}

export async function connectPair(options: OrderServerOptions = {}): Promise<Pair> {
  const server = orderServer(options);
  const client = new Client({ name: 'support-agent', version: '1.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    server,
    clientTransport,
    serverTransport,
    async close() {
      await client.close();
      await server.close();
    },
  };
}
