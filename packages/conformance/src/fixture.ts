// The data of scenario S1 (../shared/spec/span-tree.md): every adapter scripts its
// fakes from these values so that all of them describe the same agent turn.
import type { ModelPrice } from '@agentspan/core';

/** Thrown by the first model call in S3: an Error subclass with an HTTP status. */
export class RateLimitError extends Error {
  readonly status = 429;
  constructor(message = 'Rate limit reached for gpt-4o-mini') {
    super(message);
    this.name = 'RateLimitError';
  }
}

/** Thrown by the tool in S2. */
export class OrderServiceError extends Error {
  constructor(message = 'upstream timeout') {
    super(message);
    this.name = 'OrderServiceError';
  }
}

export interface FixtureUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number;
  reasoningOutputTokens?: number;
}

export const S1 = {
  agentName: 'support-agent',
  conversationId: 'conv-42',
  userId: 'user-7',
  userMessage: 'Where is my order 42?',
  systemPrompt: 'You are a support agent. Use the tools to answer questions about orders.',
  provider: 'openai',
  requestModel: 'gpt-4o-mini',
  responseModel: 'gpt-4o-mini-2024-07-18',
  memory: {
    storeId: 'conversations',
    /** Step 1 reads these two records. */
    records: [
      { id: 'mem-1', content: 'User asked about shipping times last week.' },
      { id: 'mem-2', content: 'User prefers e-mail updates.' },
    ],
    /** Step 6 writes this one record. */
    written: { id: 'mem-3', content: 'User asked about order 42; it was delivered.' },
  },
  retrieval: {
    dataSourceId: 'kb-policies',
    topK: 3,
    documents: [
      { id: 'doc-1', score: 0.92, content: 'Orders ship within 2 business days.' },
      { id: 'doc-2', score: 0.87, content: 'Delivered orders can be returned within 30 days.' },
      { id: 'doc-3', score: 0.81, content: 'Order status is available through lookup_order.' },
    ],
  },
  chat1: {
    usage: { inputTokens: 420, cacheReadInputTokens: 128, outputTokens: 24 } satisfies FixtureUsage,
    /** The provider's raw finish reason (OpenAI's spelling): mapped to tool_call. */
    finishReason: 'tool_calls',
    toolCall: { id: 'call_1', name: 'lookup_order', arguments: { orderId: '42' } },
  },
  tool: {
    name: 'lookup_order',
    description: 'Looks up an order by id.',
    result: { status: 'delivered' },
  },
  chat2: {
    usage: { inputTokens: 512, outputTokens: 64, reasoningOutputTokens: 16 } satisfies FixtureUsage,
    finishReason: 'stop',
    text: 'Your order 42 has been delivered.',
    /** S4 streams the final answer as these 5 chunks (they join to `text`). */
    chunks: ['Your order ', '42 ', 'has been ', 'delivered', '.'],
  },
  /** S4b: the caller stops after this many chunks of the final answer. */
  abortAfterChunks: 2,
  /**
   * The stream idle time the suite configures (ms): long beside a fake model's chunk gaps,
   * so that a loaded machine (CI running many suites at once) never abandons a live stream.
   */
  streamIdleTimeoutMs: 200,
  /** S5: number of interleaved turns. */
  concurrentTurns: 50,
} as const;

export type S1Fixture = typeof S1;

/** The conformance price entry: later edits of the built-in table cannot change expected values. */
export const FIXTURE_PRICES: Record<string, ModelPrice> = {
  'gpt-4o-mini': { input: 0.15, cachedInput: 0.075, output: 0.6 },
};

/**
 * S6: a user message carrying an e-mail, a Luhn-valid card, phone numbers (a Chinese one in
 * E.164 with spaces), a PRC resident ID, a US SSN and an API key.
 */
export const PII = {
  email: 'jane.doe@example.com',
  card: '4111 1111 1111 1111',
  phone: '+1 415-555-0132',
  chinesePhone: '+86 138 1234 5678',
  prcId: '11010519491231002X',
  ssn: '078-05-1120',
  apiKey: 'sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6',
} as const;
export const PII_USER_MESSAGE = `Where is my order 42? Reach me at ${PII.email} or ${PII.phone} (${PII.chinesePhone} in China); card ${PII.card}; ID ${PII.prcId}; SSN ${PII.ssn}; my key is ${PII.apiKey}.`;
export const REDACTION_MARKERS = ['[EMAIL]', '[CARD]', '[PHONE]', '[ID]', '[SSN]', '[SECRET]'] as const;
