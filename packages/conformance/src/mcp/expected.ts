// The expected tree of S1 over MCP: S1 exactly, with the call of lookup_order crossing to an
// MCP server in another process under the agent's tool span — the MCP client span, the
// server's span, the server's tool span — all in the turn's one trace.
import type { AttributeValue } from '@opentelemetry/api';
import { expectedS1, type TurnIds } from '../expected.js';
import { S1 } from '../fixture.js';
import type { NormalizedSpan } from '../normalized-span.js';

/** The MCP transports the scenarios run over, and their `network.transport`. */
export type McpTransportName = 'stdio' | 'streamable-http';
export const NETWORK_TRANSPORT: Readonly<Record<McpTransportName, string>> = { stdio: 'pipe', 'streamable-http': 'tcp' };

type Attrs = Record<string, AttributeValue>;

function node(name: string, kind: NormalizedSpan['kind'], attributes: Attrs, children: NormalizedSpan[] = []): NormalizedSpan {
  return { name, kind, status: 'UNSET', attributes, events: [], children };
}

/** The subtree of one tools/call of lookup_order: client span, server span, the server's tool span. */
export function expectedMcpToolCall(ids: TurnIds, transport: McpTransportName): NormalizedSpan {
  const turn: Attrs = { 'gen_ai.conversation.id': ids.conversationId, 'user.id': ids.userId };
  const call: Attrs = {
    ...turn,
    'mcp.method.name': 'tools/call',
    'gen_ai.tool.name': S1.tool.name,
    'network.transport': NETWORK_TRANSPORT[transport],
  };
  const serverTool = node(`execute_tool ${S1.tool.name}`, 'INTERNAL', {
    ...turn,
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': S1.tool.name,
    'gen_ai.tool.type': 'function',
  });
  const server = node(`tools/call ${S1.tool.name}`, 'SERVER', call, [serverTool]);
  return node(`tools/call ${S1.tool.name}`, 'CLIENT', call, [server]);
}

/** S1 with lookup_order served over MCP: the agent's execute_tool gains the MCP call as its only child. */
export function expectedS1OverMcp(ids: TurnIds, transport: McpTransportName): NormalizedSpan {
  const tree = expectedS1(ids);
  return {
    ...tree,
    children: tree.children.map((child) =>
      child.attributes['gen_ai.operation.name'] === 'execute_tool'
        ? { ...child, children: [expectedMcpToolCall(ids, transport)] }
        : child,
    ),
  };
}
