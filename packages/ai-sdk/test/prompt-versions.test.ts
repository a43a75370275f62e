// Prompt versions from the AI SDK call's options: the prompt in its runtimeContext (included
// for telemetry) is on every chat span of the call; variables only while capture is on.
import { generateText } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { agentspanTelemetry } from '../src/index.js';
import { byOperation, useTestEnv } from './support/harness.js';

const env = useTestEnv();

function model() {
  return new MockLanguageModelV4({
    provider: 'openai.chat',
    modelId: 'gpt-4o-mini',
    doGenerate: async () => ({
      content: [{ type: 'text', text: 'delivered' }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 2, text: 2, reasoning: undefined } },
      warnings: [],
    }),
  });
}

const prompt = { name: 'support-answer', version: 'v2', variables: { order_id: '42', email: 'jane@example.com' } };

describe('prompt versions (AI SDK)', () => {
  it("puts the runtimeContext's prompt on the call's chat span; variables only with capture on", async () => {
    for (const captureContent of [false, true]) {
      const integration = agentspanTelemetry({ agentspan: env.agentspan({ captureContent }), agentName: 'support-agent' });
      await generateText({
        model: model(),
        prompt: 'Where is order 42?',
        runtimeContext: { prompt },
        telemetry: { integrations: integration, includeRuntimeContext: { prompt: true } },
      });
      const [chat] = byOperation(await env.spans(), 'chat');
      const attrs = Object.fromEntries(Object.entries(chat?.attributes ?? {}).filter(([k]) => k.startsWith('gen_ai.prompt.')));
      expect(attrs).toEqual({
        'gen_ai.prompt.name': 'support-answer',
        'gen_ai.prompt.version': 'v2',
        ...(captureContent ? { 'gen_ai.prompt.variable.order_id': '42', 'gen_ai.prompt.variable.email': '[EMAIL]' } : {}),
      });
      await env.harness.reset();
    }
  });

  it('reads another key when told, and ignores a malformed prompt', async () => {
    const integration = agentspanTelemetry({ agentspan: env.agentspan(), promptKey: 'promptVersion' });
    await generateText({
      model: model(),
      prompt: 'hi',
      runtimeContext: { promptVersion: { name: 'router', version: 3 } },
      telemetry: { integrations: integration, includeRuntimeContext: { promptVersion: true } },
    });
    await generateText({
      model: model(),
      prompt: 'hi',
      runtimeContext: { promptVersion: { version: 3 } },
      telemetry: { integrations: integration, includeRuntimeContext: { promptVersion: true } },
    });
    const [first, second] = byOperation(await env.spans(), 'chat');
    expect(first?.attributes['gen_ai.prompt.version']).toBe('3');
    expect(second?.attributes['gen_ai.prompt.name']).toBeUndefined();
    expect(() => agentspanTelemetry({ promptKey: '' })).toThrow(/promptKey must be a non-empty string/);
  });
});
