// The order service as an MCP server: one tool, lookup_order, answering from the support
// agent's fixture (order 42 is delivered). What any MCP server of the official SDK looks like.
import { S1, type S1Fixture } from '@agentspan/conformance/runner';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

export function createOrderServer(fixture: S1Fixture = S1): McpServer {
  const server = new McpServer({ name: 'orders', version: '1.0.0' });
  server.registerTool(
    fixture.tool.name,
    { description: fixture.tool.description, inputSchema: { orderId: z.string() } },
    async ({ orderId }) => {
      if (orderId !== fixture.chat1.toolCall.arguments.orderId) {
        return { isError: true, content: [{ type: 'text', text: `unknown order ${orderId}` }] };
      }
      return { content: [{ type: 'text', text: JSON.stringify(fixture.tool.result) }] };
    },
  );
  return server;
}
