// The MCP example's pieces other examples and the demo reuse: the order service (as an
// McpServer, and as a child process over stdio or Streamable HTTP) and the support-agent turn.
export { createOrderServer } from './orders.js';
export { ORDER_SERVER_SCRIPT, type HttpOrderServer, startHttpOrderServer, stdioOrderServer } from './servers.js';
export { answer, type SupportAgent } from './support-agent.js';
export { type ChatModel, openAIModel, scriptedModel } from './model.js';
