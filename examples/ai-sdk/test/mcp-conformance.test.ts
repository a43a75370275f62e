// S1 with lookup_order served by the order service in another process, as an AI SDK MCP
// tool (@ai-sdk/mcp's createMCPClient): the AI SDK's execute_tool, the MCP client span under
// it, the server's spans under that, one trace. The AI SDK's MCP client is its own (not the
// official SDK's Client): its transport is traced with traceMcpTransport — the AI SDK's own
// stdio transport, and the official SDK's Streamable HTTP one.
import { describeMcpConformance } from '@agentspan/conformance';
import { type McpConformanceAdapter, type McpTransportName, SPANS_FILE_ENV } from '@agentspan/conformance/runner';
import { setAgentspan } from '@agentspan/core';
import { type HttpOrderServer, startHttpOrderServer, stdioOrderServer } from '@agentspan/example-mcp';
import { traceMcpTransport } from '@agentspan/mcp';
import { type MCPClient, createMCPClient } from '@ai-sdk/mcp';
import { Experimental_StdioMCPTransport } from '@ai-sdk/mcp/mcp-stdio';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Tool } from 'ai';
import { aiSdkAdapter } from '../src/conformance.js';

function aiSdkOverMcp(transport: McpTransportName): McpConformanceAdapter {
  let client: MCPClient | undefined;
  let server: HttpOrderServer | undefined;
  let lookupOrder: Tool | undefined;
  const base = aiSdkAdapter('tool-loop-agent', () => lookupOrder!);
  return {
    name: '@agentspan/ai-sdk (ToolLoopAgent) + @ai-sdk/mcp',
    mcpTransport: transport,
    async setup({ spansFile }) {
      const env = { [SPANS_FILE_ENV]: spansFile };
      if (transport === 'stdio') {
        client = await createMCPClient({ transport: traceMcpTransport(new Experimental_StdioMCPTransport(stdioOrderServer(env)), { propagateTurnIds: true }) });
      } else {
        server = await startHttpOrderServer(env);
        client = await createMCPClient({ transport: traceMcpTransport(new StreamableHTTPClientTransport(server.url), { propagateTurnIds: true }) });
      }
      lookupOrder = (await client.tools()).lookup_order as Tool | undefined;
      if (!lookupOrder) throw new Error('the order service has no lookup_order tool');
    },
    async teardown() {
      await client?.close();
      await server?.stop();
    },
    runTurn(turn) {
      // The MCP spans use the process-wide instance: the scenario's.
      setAgentspan(turn.agentspan);
      return base.runTurn(turn);
    },
  };
}

describeMcpConformance(aiSdkOverMcp('stdio'));
describeMcpConformance(aiSdkOverMcp('streamable-http'));
