// @agentspan/example-llamaindex: the support agent written with LlamaIndex.TS, and the
// offline models (a scripted LLM, letter-frequency embeddings) it runs without a key.
export {
  CHUNK_DELAY_MS,
  type SupportTurn,
  type TurnIdentity,
  type TurnSetup,
  answer,
  buildKnowledgeBase,
  createSupportTurn,
  runSupportTurn,
  scriptFor,
} from './support-app.js';
export { ConversationBlock } from './conversation-block.js';
export { LetterEmbedding } from './fake-embedding.js';
export { type ScriptStep, ScriptedLLM, type ScriptedLLMOptions, type ScriptedUsage, openAIUsage } from './scripted-llm.js';
