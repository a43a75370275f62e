// S1 with lookup_order served by the order service in another process, as a LlamaIndex MCP
// tool (@llamaindex/tools' mcp(), the official SDK's client inside): the agent's execute_tool,
// the MCP client span under it, the server's spans under that, one trace; over stdio and
// Streamable HTTP.
import { describeMcpConformance } from '@agentspan/conformance';
import { type McpConformanceAdapter, type McpTransportName, S1, SPANS_FILE_ENV } from '@agentspan/conformance/runner';
import { setAgentspan } from '@agentspan/core';
import { type HttpOrderServer, startHttpOrderServer, stdioOrderServer } from '@agentspan/example-mcp';
import { instrumentLlamaIndex } from '@agentspan/llamaindex';
import { type McpInstrumentation, instrumentMcp } from '@agentspan/mcp';
import type { BaseToolWithCall } from '@llamaindex/core/llms';
import { mcp } from '@llamaindex/tools';
import type { VectorStoreIndex } from 'llamaindex';
import { ScriptedLLM } from '../src/scripted-llm.js';
import { buildKnowledgeBase, createSupportTurn, runSupportTurn } from '../src/support-app.js';

function llamaIndexOverMcp(transport: McpTransportName): McpConformanceAdapter {
  let client: ReturnType<typeof mcp> | undefined;
  let server: HttpOrderServer | undefined;
  let index: VectorStoreIndex | undefined;
  let lookupOrder: BaseToolWithCall | undefined;
  let instrumentation: McpInstrumentation | undefined;
  let dispose: (() => void) | undefined;
  return {
    name: '@agentspan/llamaindex (agent()) + @llamaindex/tools mcp()',
    mcpTransport: transport,
    async setup({ spansFile }) {
      index = await buildKnowledgeBase(S1);
      instrumentation = instrumentMcp({ propagateTurnIds: true });
      dispose = instrumentLlamaIndex({ provider: (llm) => (llm instanceof ScriptedLLM ? S1.provider : undefined) });
      const env = { [SPANS_FILE_ENV]: spansFile };
      if (transport === 'stdio') client = mcp(stdioOrderServer(env));
      else {
        server = await startHttpOrderServer(env);
        client = mcp({ url: server.url.href });
      }
      lookupOrder = (await client.tools()).find((t) => t.metadata.name === 'lookup_order');
      if (!lookupOrder) throw new Error('the order service has no lookup_order tool');
    },
    async teardown() {
      await client?.cleanup();
      await server?.stop();
      dispose?.();
      instrumentation?.uninstall();
    },
    runTurn(turn) {
      setAgentspan(turn.agentspan);
      return runSupportTurn(index!, turn, createSupportTurn({ ...turn, lookupOrder: lookupOrder! }));
    },
  };
}

describeMcpConformance(llamaIndexOverMcp('stdio'));
describeMcpConformance(llamaIndexOverMcp('streamable-http'));
