// @agentspan/example-openai-agents: the support agent written with the OpenAI Agents SDK, and
// the scripted OpenAI client it runs offline.
export {
  type ScriptedProviderOptions,
  type SupportApp,
  type Turn,
  answer,
  lookupOrder,
  prepareAgent,
  remember,
  s1Reply,
  scriptedProvider,
  turnStores,
} from './support-agent.js';
export {
  CallerReads,
  type ChatRequest,
  type ReadGate,
  type ScriptedClientOptions,
  ScriptedOpenAIClient,
  type ScriptedReply,
  type ScriptedToolCall,
} from './scripted-openai-client.js';
