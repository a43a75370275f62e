import { Agentspan } from '@agentspan/core';
import { instrumentMcp } from '@agentspan/mcp';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const agentspan = new Agentspan(); // the global tracer provider (NodeSDK's, or your own)
instrumentMcp({ agentspan, propagateTurnIds: true });

const client = new Client({ name: 'support-agent', version: '1.0.0' });
await client.connect(new StdioClientTransport({ command: 'node', args: ['order-server.js'] }));

const result = await agentspan.agent({ name: 'support-agent', conversationId: 'conv-42', userId: 'user-7' }, () =>
  client.callTool({ name: 'lookup_order', arguments: { orderId: '42' } }),
);
console.log(result.content);
await client.close();
