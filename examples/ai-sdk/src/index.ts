// @agentspan/example-ai-sdk: the support agent written with the AI SDK, and the offline
// model it runs without a key.
export { type SupportAgentOptions, type TurnIdentity, answer, integrationFor, prepareTurn } from './support-agent.js';
export { ConversationStore, type KbDocument, KnowledgeBase, type MemoryItem, lookupOrderTool } from './support-app.js';
export { type FixtureModelOptions, PROVIDER_ID, fixtureModel, v4Usage } from './fixture-model.js';
