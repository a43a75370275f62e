// Test support shared by the HTTP adapters' suites (private: never published).
export * from './otel.js';
export * from './sse-client.js';
export * from './s1-turn.js';
export * from './budget-burst.js';
export * from './hostile.js';
export * from './raw-client.js';
export * from './readme-snippets.js';
export * from './run-checks.js';
export * from './twins.js';
