// The S1 tree through a real createAgent agent, checked with our own assertions.
import { S1 } from '@agentspan/conformance';
import { describe, expect, it } from 'vitest';
import { AgentspanCallbackHandler } from '@agentspan/langchain';
import { outline, spanTrees, testSdk } from '../../../packages/langchain/test/support/otel.js';
import { buildSupportAgent, s1Script } from '../src/support-agent.js';
import { S1_OUTLINE } from './support/s1-outline.js';

const sdk = testSdk();

describe('S1 through createAgent', () => {
  it('makes the canonical tree with the fixture attributes', async () => {
    sdk.exporter.reset();
    const agentspan = sdk.agentspan();
    const handler = new AgentspanCallbackHandler({ agentspan });
    const agent = buildSupportAgent({ fixture: S1, userId: S1.userId, agentspan, script: s1Script(S1) });
    await agent.invoke(
      { messages: [{ role: 'user', content: S1.userMessage }] },
      { callbacks: [handler], configurable: { thread_id: S1.conversationId }, metadata: { user_id: S1.userId } },
    );
    const trees = spanTrees(sdk.exporter.getFinishedSpans());
    expect(trees.map((t) => outline(t))).toEqual([S1_OUTLINE]);
    const [root] = trees;
    expect(root?.span.attributes).toMatchObject({
      'gen_ai.conversation.id': 'conv-42',
      'user.id': 'user-7',
      'gen_ai.usage.input_tokens': 932,
      'gen_ai.usage.output_tokens': 88,
      'agentspan.llm.calls': 2,
      'agentspan.tool.calls': 1,
    });
    for (const child of root?.children ?? []) {
      expect(child.span.attributes['gen_ai.conversation.id'], child.name).toBe('conv-42');
      expect(child.span.attributes['user.id'], child.name).toBe('user-7');
    }
    const chat1 = root?.children[2]?.span.attributes;
    expect(chat1).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.cache_read.input_tokens': 128,
      'gen_ai.response.finish_reasons': ['tool_call'],
    });
  });
});
