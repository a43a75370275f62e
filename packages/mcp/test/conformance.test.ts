// The MCP scenarios of the conformance suite (S1, its metrics and S5 over MCP) through the
// core's manual API, lookup_order served by the order server in another process, over
// stdio and over Streamable HTTP.
import { describeMcpConformance } from '@agentspan/conformance';
import { type McpConformanceAdapter, type McpTransportName, SpanFile, coreManualAdapterWith } from '@agentspan/conformance/runner';
import { setAgentspan } from '@agentspan/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { type McpInstrumentation, instrumentMcp } from '../src/index.js';
import { type HttpServer, buildOrderServer, startHttpServer, stdioServer } from './support/processes.js';

function manualAdapter(mcpTransport: McpTransportName): McpConformanceAdapter {
  let client: Client | undefined;
  let server: HttpServer | undefined;
  let instrumentation: McpInstrumentation | undefined;
  const base = coreManualAdapterWith({
    name: '@agentspan/core manual API + @agentspan/mcp',
    async lookupOrder(args) {
      const result = await client!.callTool({ name: 'lookup_order', arguments: args });
      const [first] = result.content as { type: string; text: string }[];
      return JSON.parse(first!.text) as unknown;
    },
  });
  return {
    name: base.name,
    mcpTransport,
    runTurn(turn) {
      // The MCP spans use the process-wide instance: the scenario's.
      setAgentspan(turn.agentspan);
      return base.runTurn(turn);
    },
    async setup(env) {
      instrumentation = instrumentMcp({ propagateTurnIds: true });
      const script = await buildOrderServer();
      const spans = new SpanFile(env.spansFile);
      client = new Client({ name: 'support-agent', version: '1.0.0' });
      if (mcpTransport === 'stdio') {
        await client.connect(new StdioClientTransport(stdioServer(script, spans)));
      } else {
        server = await startHttpServer(script, spans);
        await client.connect(new StreamableHTTPClientTransport(server.url));
      }
    },
    async teardown() {
      await client?.close();
      await server?.stop();
      instrumentation?.uninstall();
    },
  };
}

describeMcpConformance(manualAdapter('stdio'));
describeMcpConformance(manualAdapter('streamable-http'));
