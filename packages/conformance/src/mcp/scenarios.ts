// The MCP scenarios as data, per transport: S1 over MCP (the tree), its metrics (the tool
// counted once: the MCP client span is no second execute_tool), and S5 over MCP (50 turns
// interleaved over one MCP connection: every server span in its own turn's trace).
import { S1_IDS } from '../expected.js';
import { S1 } from '../fixture.js';
import { checkS1Metrics } from '../metric-checks.js';
import type { ScenarioDefinition } from '../scenarios.js';
import { type McpTransportName, expectedS1OverMcp } from './expected.js';

export type McpScenarioId = 'S1-mcp' | 'S1-mcp-metrics' | 'S5-mcp';
export const MCP_SCENARIO_IDS: readonly McpScenarioId[] = ['S1-mcp', 'S1-mcp-metrics', 'S5-mcp'];

export function mcpScenarios(transport: McpTransportName): Readonly<Record<McpScenarioId, ScenarioDefinition>> {
  const base = {
    variant: 'ok',
    turnIds: [S1_IDS],
    userMessage: S1.userMessage,
    captureContent: false,
    caller: 'resolves',
    compareServerOutcome: true,
    expected: (ids) => expectedS1OverMcp(ids, transport),
  } as const satisfies Partial<ScenarioDefinition>;
  return {
    'S1-mcp': { ...base, id: 'S1-mcp', title: `S1 over MCP (${transport}): S1, with lookup_order's MCP client, server and tool spans under its execute_tool` },
    'S1-mcp-metrics': {
      ...base,
      id: 'S1-mcp-metrics',
      title: `S1 over MCP (${transport}) metrics: the S1 metrics unchanged, the tool counted once`,
      check: ({ metrics }) => checkS1Metrics(metrics),
    },
    'S5-mcp': {
      ...base,
      id: 'S5-mcp',
      title: `S5 over MCP (${transport}): ${S1.concurrentTurns} interleaved turns on one MCP connection, one trace each`,
      turnIds: Array.from({ length: S1.concurrentTurns }, (_, index) => ({ conversationId: `conv-${index}`, userId: S1.userId })),
    },
  };
}
