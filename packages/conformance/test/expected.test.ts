import { describe, expect, it } from 'vitest';
import { ANY_ERROR_TYPE, expectedS1, expectedS3, expectedS4b, S1_NUMBERS } from '../src/expected.js';
import { FIXTURE_PRICES, S1 } from '../src/fixture.js';
import { maskCancelledTurn } from '../src/masks.js';
import { roundCost } from '../src/normalize.js';

const price = FIXTURE_PRICES['gpt-4o-mini']!;
function costOf(usage: { inputTokens: number; outputTokens: number; cacheReadInputTokens?: number }): number {
  const cached = usage.cacheReadInputTokens ?? 0;
  return ((usage.inputTokens - cached) * price.input + cached * price.cachedInput! + usage.outputTokens * price.output) / 1e6;
}

describe('the expected trees', () => {
  it("derive the spec's numbers from the fixture and its price entry", () => {
    expect(roundCost(costOf(S1.chat1.usage))).toBe(S1_NUMBERS.chat1CostUsd);
    expect(roundCost(costOf(S1.chat2.usage))).toBe(S1_NUMBERS.chat2CostUsd);
    expect(roundCost(S1_NUMBERS.chat1CostUsd + S1_NUMBERS.chat2CostUsd)).toBe(S1_NUMBERS.agentCostUsd);
    expect(S1.chat1.usage.inputTokens + S1.chat2.usage.inputTokens).toBe(932);
    expect(S1.chat1.usage.outputTokens + S1.chat2.usage.outputTokens).toBe(88);
    expect(S1_NUMBERS).toMatchObject({ agentCostUsd: 0.000183, chat1CostUsd: 0.0000678, chat2CostUsd: 0.0001152 });
  });

  it('S1 is the six steps in order under the agent, ids on every span', () => {
    const tree = expectedS1({ conversationId: 'conv-3', userId: 'u' });
    expect(tree.name).toBe('invoke_agent support-agent');
    expect(tree.children.map((child) => `${child.name} ${child.kind}`)).toEqual([
      'search_memory CLIENT',
      'retrieval kb-policies CLIENT',
      'chat gpt-4o-mini CLIENT',
      'execute_tool lookup_order INTERNAL',
      'chat gpt-4o-mini CLIENT',
      'upsert_memory CLIENT',
    ]);
    for (const span of [tree, ...tree.children]) {
      expect(span.attributes).toMatchObject({ 'gen_ai.conversation.id': 'conv-3', 'user.id': 'u' });
    }
  });

  it('S3 has no usage or cost, one call, and exception events on the chat and the agent', () => {
    const tree = expectedS3();
    const chat = tree.children[2]!;
    expect(tree.children).toHaveLength(3);
    expect(tree.attributes).not.toHaveProperty('gen_ai.usage.input_tokens');
    expect(tree.attributes).not.toHaveProperty('agentspan.cost.usd');
    expect(tree.attributes['agentspan.llm.calls']).toBe(1);
    expect(chat.attributes).not.toHaveProperty('gen_ai.usage.input_tokens');
    expect([tree.events, chat.events]).toEqual([['exception'], ['exception']]);
  });
});

describe('maskCancelledTurn', () => {
  it('hides what S4b does not compare and nothing else', () => {
    const actual = expectedS1();
    const cancelledChat = {
      ...actual.children[4]!,
      status: 'ERROR' as const,
      attributes: {
        ...actual.children[4]!.attributes,
        'error.type': 'AbortError',
        'agentspan.error.category': 'cancelled',
      },
    };
    const masked = maskCancelledTurn({ ...actual, children: [cancelledChat] }).children[0]!;
    expect(masked.attributes['error.type']).toBe(ANY_ERROR_TYPE);
    expect(masked.attributes).not.toHaveProperty('gen_ai.usage.output_tokens');
    expect(masked.attributes).not.toHaveProperty('gen_ai.response.model');
    expect(masked.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
    expect(maskCancelledTurn(actual)).toEqual(actual);
  });

  it('does not accept an empty error.type on a cancelled span', () => {
    const tree = expectedS4b();
    const emptyType = {
      ...tree,
      attributes: { ...tree.attributes, 'error.type': '' },
    };
    expect(maskCancelledTurn(emptyType)).not.toEqual(tree);
  });
});
