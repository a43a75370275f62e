// @agentspan/example-langchain: the support agent written with LangChain.js, and the
// scripted model it runs offline.
export { KnowledgeBaseRetriever, type SupportAgentOptions, buildSupportAgent, s1Script } from './support-agent.js';
export { type ScriptStep, type ScriptedReply, ScriptedChatModel, type ScriptedChatModelFields, type StreamGate } from './scripted-chat-model.js';
