// @agentspan/example-express: the Express app the example, its tests and the demo serve.
export { type RunningApp, startApp, pendingTurns, type TurnInput } from './app.js';
export { type ChatRouteOptions, langchainChatRoute } from './langchain-route.js';
export { runS1Turn, type TurnScript, type Variant } from './s1-turn.js';
