// @agentspan/example-nestjs: the Nest app the example, its tests and the demo serve.
import 'reflect-metadata';

export { pendingTurns, type RunningNestApp, startNestApp } from './app.js';
export { ConversationMemory, KnowledgeBase, OrderTools, SupportAgent, type Turn, type Variant } from './support-agent.js';
export { type ChatReply, ChatModel, chatModelFromEnv, OpenAIChatModel, ScriptedChatModel, type ToolCall } from './chat-model.js';
