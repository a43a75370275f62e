// What the examples' tests share (vitest only): the main.ts suite every example runs and
// the local OpenAI-compatible server the real provider clients are pointed at.
export { type FakeOpenAIOptions, type FakeOpenAIServer, startFakeOpenAI } from './fake-openai-server.js';
export { describeMain, type MainSuiteOptions, printedOutline } from './main-suite.js';
