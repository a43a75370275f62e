import { traceMcpTransport } from '@agentspan/mcp';
import { createMCPClient } from '@ai-sdk/mcp';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

// The AI SDK's MCP client is its own: trace the transport you give it.
const mcp = await createMCPClient({
  transport: traceMcpTransport(new StdioClientTransport({ command: 'node', args: ['order-server.js'] })),
});
const tools = await mcp.tools(); // pass to generateText / ToolLoopAgent as usual
console.log(Object.keys(tools));
await mcp.close();
