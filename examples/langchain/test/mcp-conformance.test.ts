// S1 with lookup_order served by the order service in another process, loaded through
// LangChain's MCP adapters (MultiServerMCPClient): the agent's execute_tool, the MCP client
// span under it, the server's spans under that, one trace; over stdio and Streamable HTTP.
import { describeMcpConformance } from '@agentspan/conformance';
import { type McpConformanceAdapter, type McpTransportName, SPANS_FILE_ENV } from '@agentspan/conformance/runner';
import { setAgentspan } from '@agentspan/core';
import { type HttpOrderServer, startHttpOrderServer, stdioOrderServer } from '@agentspan/example-mcp';
import { type McpInstrumentation, instrumentMcp } from '@agentspan/mcp';
import { awaitAllCallbacks } from '@langchain/core/callbacks/promises';
import type { StructuredToolInterface } from '@langchain/core/tools';
import { MultiServerMCPClient } from '@langchain/mcp-adapters';
import { runTurnWithTool } from '../src/conformance.js';

function langchainOverMcp(transport: McpTransportName): McpConformanceAdapter {
  let client: MultiServerMCPClient | undefined;
  let server: HttpOrderServer | undefined;
  let instrumentation: McpInstrumentation | undefined;
  let lookupOrder: StructuredToolInterface | undefined;
  return {
    name: '@agentspan/langchain (createAgent) + @langchain/mcp-adapters',
    mcpTransport: transport,
    async setup({ spansFile }) {
      // Client side: every MCP connection the process makes (here, the adapters' own client).
      instrumentation = instrumentMcp({ propagateTurnIds: true });
      const env = { [SPANS_FILE_ENV]: spansFile };
      if (transport === 'stdio') {
        client = new MultiServerMCPClient({ orders: { transport: 'stdio', ...stdioOrderServer(env) } });
      } else {
        server = await startHttpOrderServer(env);
        client = new MultiServerMCPClient({ orders: { transport: 'http', url: server.url.href } });
      }
      lookupOrder = (await client.getTools()).find((t) => t.name === 'lookup_order');
      if (!lookupOrder) throw new Error('the order service has no lookup_order tool');
    },
    async teardown() {
      await client?.close();
      await server?.stop();
      instrumentation?.uninstall();
    },
    runTurn(turn) {
      // The MCP spans use the process-wide instance: the scenario's.
      setAgentspan(turn.agentspan);
      return runTurnWithTool(turn, lookupOrder!);
    },
    flush: () => awaitAllCallbacks(),
  };
}

describeMcpConformance(langchainOverMcp('stdio'));
describeMcpConformance(langchainOverMcp('streamable-http'));
