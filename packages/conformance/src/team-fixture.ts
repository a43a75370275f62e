// The data of scenarios S7-S9 (contract v1.3, "One trace per turn"): every adapter scripts
// its fakes from these values so that all of them describe the same turns.
import type { FixtureUsage } from './fixture.js';
import { S1 } from './fixture.js';

/** S7: the S1 steps run inside the framework's own sequence / workflow, nothing around it. */
export const S7 = {
  /** The name of the framework's sequence, graph or workflow (`invoke_workflow {name}`). */
  workflowName: 'support-turn',
} as const;

/** Every model call of S8 and S9 reports this usage (no cache, no reasoning). */
export const TEAM_USAGE: FixtureUsage = { inputTokens: 100, outputTokens: 10 };

export interface SubAgentFixture {
  /** The sub-agent's name (`invoke_agent {name}`). */
  readonly name: string;
  readonly description: string;
  /** The supervisor's tool that runs the sub-agent. */
  readonly tool: string;
  readonly toolDescription: string;
  /** The supervisor model's call of that tool. */
  readonly callId: string;
  readonly question: string;
  /** The sub-agent's one model call answers this. */
  readonly answer: string;
}

/**
 * S8: a supervisor agent delegates to two sub-agents, each run by one of its tools (an agent
 * used as another agent's tool). The supervisor's model asks for `ask_billing`, then for
 * `ask_shipping` (one tool call per answer), then answers; each sub-agent's model answers
 * at once. Five model calls in all, each reporting TEAM_USAGE.
 */
export const S8 = {
  supervisor: {
    name: 'supervisor',
    systemPrompt: 'You are a support supervisor. Ask the billing and shipping agents, then answer.',
  },
  userMessage: 'Was I charged for order 42, and where is it?',
  subAgents: [
    {
      name: 'billing-agent',
      description: 'Answers billing questions.',
      tool: 'ask_billing',
      toolDescription: 'Asks the billing agent a question.',
      callId: 'call_billing',
      question: 'Was order 42 charged?',
      answer: 'Order 42 was charged once.',
    },
    {
      name: 'shipping-agent',
      description: 'Answers shipping questions.',
      tool: 'ask_shipping',
      toolDescription: 'Asks the shipping agent a question.',
      callId: 'call_shipping',
      question: 'Where is order 42?',
      answer: 'Order 42 was delivered.',
    },
  ] as readonly [SubAgentFixture, SubAgentFixture],
  finalText: 'Order 42 was charged once and has been delivered.',
  usage: TEAM_USAGE,
} as const;

/**
 * S9: a handoff. The entry agent `triage` hands the conversation to `billing-agent` through
 * a handoff tool (`handOff`: the name LlamaIndex gives its own, which the other frameworks
 * can give theirs); the billing agent's model answers. Two model calls, each TEAM_USAGE.
 */
export const S9 = {
  entry: { name: 'triage', description: 'Routes the customer to the right agent.' },
  target: { name: 'billing-agent', description: 'Answers billing questions.' },
  userMessage: 'I was charged twice for order 42.',
  handoff: {
    tool: 'handOff',
    callId: 'call_handoff',
    arguments: { toAgent: 'billing-agent', reason: 'a billing question' },
  },
  answer: 'I refunded the second charge of order 42.',
  usage: TEAM_USAGE,
} as const;

/** The turns' ids: those of S1. */
export const TEAM_IDS = { conversationId: S1.conversationId, userId: S1.userId } as const;
