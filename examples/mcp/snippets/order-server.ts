import { Agentspan } from '@agentspan/core';
import { instrumentMcp } from '@agentspan/mcp';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

// Every MCP server (and client) this process connects from now on is traced.
instrumentMcp({ agentspan: new Agentspan() });

const server = new McpServer({ name: 'orders', version: '1.0.0' });
server.registerTool('lookup_order', { inputSchema: { orderId: z.string() } }, async ({ orderId }) => ({
  content: [{ type: 'text', text: JSON.stringify({ orderId, status: 'delivered' }) }],
}));
await server.connect(new StdioServerTransport());
