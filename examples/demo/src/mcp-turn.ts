// The demo's MCP turn: S1 with lookup_order served by the order service in another process
// (examples/mcp, over stdio), through the core's manual API and @agentspan/mcp. The server
// writes its spans to a file read back here, so the printed tree is the whole trace; with a
// collector (or the viewer) both processes export to it and it joins them by trace id.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ConformanceHarness,
  SPANS_FILE_ENV,
  type ScenarioResult,
  SpanFile,
  coreManualAdapterWith,
  mcpScenarios,
  runScenarioDefinition,
  withRemoteSpans,
} from '@agentspan/conformance/runner';
import { setAgentspan } from '@agentspan/core';
import { stdioOrderServer } from '@agentspan/example-mcp';
import { instrumentMcp } from '@agentspan/mcp';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export async function runMcpTurn(harness: ConformanceHarness): Promise<ScenarioResult> {
  const spans = new SpanFile(join(mkdtempSync(join(tmpdir(), 'agentspan-demo-mcp-')), 'server-spans.jsonl'));
  const instrumentation = instrumentMcp({ propagateTurnIds: true });
  const client = new Client({ name: 'support-agent', version: '1.0.0' });
  try {
    await client.connect(new StdioClientTransport(stdioOrderServer({ [SPANS_FILE_ENV]: spans.path })));
    const manual = coreManualAdapterWith({
      name: 'core manual API + MCP',
      async lookupOrder(args) {
        const result = await client.callTool({ name: 'lookup_order', arguments: args });
        return JSON.parse((result.content as { text: string }[])[0]!.text) as unknown;
      },
    });
    const adapter = {
      ...manual,
      runTurn(turn: Parameters<typeof manual.runTurn>[0]) {
        setAgentspan(turn.agentspan);
        return manual.runTurn(turn);
      },
    };
    return await runScenarioDefinition(withRemoteSpans(harness, spans), adapter, mcpScenarios('stdio')['S1-mcp']);
  } finally {
    await client.close();
    instrumentation.uninstall();
  }
}
