// What the integration test runs through the core, and the totals Prometheus must then hold.
// A round is S1, S2 (failing tool), S3 (failing model call) and S4 (streamed answer), plus
// one Anthropic-shaped call that writes the prompt cache (no S1 step reports cache writes).
// Two rounds, scraped in between, so that rate() sees the counters grow.
import { S1, S1_NUMBERS, type ScenarioId } from '@agentspan/conformance/runner';

export const ROUND: readonly ScenarioId[] = ['S1', 'S2', 'S3', 'S4'];
export const ROUNDS = 2;

/** S1, S2 and S4 complete both chats with S1's usage and cost; S3's first chat fails. */
const S1_TURNS_PER_ROUND = 3;
/** The S1 turns over all rounds. */
export const S1_TURNS = ROUNDS * S1_TURNS_PER_ROUND;

const { chat1, chat2 } = S1;
/** Per-turn totals of spec S1, split per chat. */
export const S1_PER_TURN = {
  inputTokens: chat1.usage.inputTokens + chat2.usage.inputTokens, // 420 + 512 = 932
  outputTokens: chat1.usage.outputTokens + chat2.usage.outputTokens, // 24 + 64 = 88
  cacheReadInputTokens: chat1.usage.cacheReadInputTokens, // 128
  reasoningOutputTokens: chat2.usage.reasoningOutputTokens, // 16
  costUsd: S1_NUMBERS.chat1CostUsd + S1_NUMBERS.chat2CostUsd, // 0.000183
  inferenceCalls: S1_NUMBERS.llmCalls, // 2
} as const;

/** The cache-writing call of each round, outside any agent (priced by the core's built-in table). */
export const CACHE_WRITE_CALL = {
  provider: 'anthropic',
  requestModel: 'claude-haiku-4-5',
  usage: { input_tokens: 40, cache_creation_input_tokens: 1000, cache_read_input_tokens: 0, output_tokens: 10 },
} as const;

/** Users' feedback of each round on turns of the S1 agent (by their ids): one thumbs up, one down. */
export const FEEDBACK = {
  turn: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' },
  agentName: S1.agentName,
  ratings: ['up', 'down'],
} as const;
