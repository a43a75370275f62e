// What E1 expects, identically through every adapter: the prompt's attributes on both chat
// spans, the two gen_ai.evaluation.result events (the evaluator's on the turn's agent span,
// the user's on the trace's root) with their attributes, the turn as evaluators see it, and
// the score metric's points.
import type { AttributeValue } from '@opentelemetry/api';
import { S1_NUMBERS } from '../expected.js';
import { S1 } from '../fixture.js';
import { E1 } from './fixture.js';

type Attrs = Record<string, AttributeValue>;

/** `gen_ai.prompt.*` of each chat span: variables only while content capture is on, redacted. */
export function expectedPromptAttributes(capture: boolean): Attrs {
  const { name, version } = E1.prompt;
  const attrs: Attrs = { 'gen_ai.prompt.name': name, 'gen_ai.prompt.version': version };
  if (capture) {
    attrs['gen_ai.prompt.variable.shop'] = E1.prompt.variables.shop;
    attrs['gen_ai.prompt.variable.customer_email'] = '[EMAIL]';
  }
  return attrs;
}

const turnLabels: Attrs = {
  'gen_ai.agent.name': S1.agentName,
  'gen_ai.prompt.name': E1.prompt.name,
  'gen_ai.prompt.version': E1.prompt.version,
};

/** Where an event is parented: the trace's root span, and/or the turn's top-level agent span. */
export interface EventParent {
  traceRoot: boolean;
  turnAgent: boolean;
}

export interface NormalizedEvent {
  name: string;
  parent: EventParent;
  attributes: Attrs;
}

/** The two events, evaluator's first. HTTP: the feedback rates the request's span (the root), the evaluator the agent. */
export function expectedEvents(http: boolean): NormalizedEvent[] {
  return [
    {
      name: 'gen_ai.evaluation.result',
      parent: { traceRoot: !http, turnAgent: true },
      attributes: {
        'gen_ai.evaluation.name': E1.evaluatorName,
        'gen_ai.evaluation.score.value': S1_NUMBERS.toolCalls,
        'gen_ai.evaluation.score.label': 'pass',
        'gen_ai.evaluation.explanation': `${S1_NUMBERS.llmCalls} model calls, ${S1_NUMBERS.toolCalls} tool call`,
        'agentspan.evaluation.source': 'evaluator',
        'gen_ai.conversation.id': S1.conversationId,
        ...turnLabels,
      },
    },
    {
      name: 'gen_ai.evaluation.result',
      parent: { traceRoot: true, turnAgent: !http },
      attributes: {
        'gen_ai.evaluation.name': 'user_feedback',
        'gen_ai.evaluation.score.value': 0,
        'gen_ai.evaluation.score.label': 'thumbs_down',
        'gen_ai.evaluation.explanation': 'Wrong answer. Reach me at [EMAIL]',
        'agentspan.evaluation.source': 'feedback',
        'gen_ai.conversation.id': S1.conversationId,
        'user.id': E1.raterId,
        ...turnLabels,
      },
    },
  ];
}

/** The finished turn as the evaluator received it (content not compared: adapters differ in what they report). */
export function expectedFinishedTurn() {
  return {
    agentName: S1.agentName,
    operation: 'invoke_agent',
    conversationId: S1.conversationId,
    userId: S1.userId,
    prompt: { name: E1.prompt.name, version: E1.prompt.version },
    status: 'ok',
    errorType: undefined,
    inputTokens: S1_NUMBERS.agentInputTokens,
    outputTokens: S1_NUMBERS.agentOutputTokens,
    costUsd: S1_NUMBERS.agentCostUsd,
    llmCalls: S1_NUMBERS.llmCalls,
    toolCalls: S1_NUMBERS.toolCalls,
  };
}

export interface ScorePoint {
  attributes: Attrs;
  count: number;
  sum: number;
}

/** agentspan.evaluation.score: one point per evaluation, split by name, label, source, agent and prompt. */
export function expectedScorePoints(): ScorePoint[] {
  return [
    {
      attributes: { 'gen_ai.evaluation.name': E1.evaluatorName, 'gen_ai.evaluation.score.label': 'pass', 'agentspan.evaluation.source': 'evaluator', ...turnLabels },
      count: 1,
      sum: S1_NUMBERS.toolCalls,
    },
    {
      attributes: { 'gen_ai.evaluation.name': 'user_feedback', 'gen_ai.evaluation.score.label': 'thumbs_down', 'agentspan.evaluation.source': 'feedback', ...turnLabels },
      count: 1,
      sum: 0,
    },
  ];
}
