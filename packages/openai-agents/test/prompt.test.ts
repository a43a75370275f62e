// Prompt versions: an agent's prompt template (the SDK's `prompt`: id, version, variables)
// names the prompt version on each of its chat spans, its variables only with content capture.
import { Agent, Runner } from '@openai/agents';
import { describe, expect, it } from 'vitest';
import { useTestEnv } from './support/env.js';
import { ScriptedModel, answer } from './support/scripted-model.js';

const env = useTestEnv();
const PROMPT = { promptId: 'pmpt_support_answer', version: '3', variables: { shop: 'ACME', customer_email: 'jane@example.com' } };

async function chatAttributes(prompt: Agent['prompt']) {
  const model = new ScriptedModel([answer('Delivered.')]);
  await new Runner().run(new Agent({ name: 'support-agent', instructions: 'Help.', model, prompt }), 'Where is order 42?');
  const chat = (await env.spans()).find((s) => s.attributes['gen_ai.operation.name'] === 'chat');
  return { attributes: chat?.attributes ?? {}, request: model.requests[0] };
}

describe('an agent with a prompt template', () => {
  it('names its id and version on the chat span; no variables without content capture', async () => {
    const { attributes, request } = await chatAttributes(PROMPT);
    expect(request?.prompt).toEqual(PROMPT); // the model received it as the SDK sends it
    expect(attributes['gen_ai.prompt.name']).toBe('pmpt_support_answer');
    expect(attributes['gen_ai.prompt.version']).toBe('3');
    expect(Object.keys(attributes).filter((k) => k.startsWith('gen_ai.prompt.variable.'))).toEqual([]);
  });

  it('with content capture, its variables too, redacted', async () => {
    env.reconfigure(undefined, { captureContent: true });
    const { attributes } = await chatAttributes(async () => PROMPT);
    expect(attributes).toMatchObject({
      'gen_ai.prompt.name': 'pmpt_support_answer',
      'gen_ai.prompt.version': '3',
      'gen_ai.prompt.variable.shop': 'ACME',
    });
    expect(attributes['gen_ai.prompt.variable.customer_email']).not.toContain('jane@example.com');
  });

  it('leaves chat spans of an agent without one unnamed', async () => {
    const { attributes } = await chatAttributes(undefined);
    expect(attributes['gen_ai.prompt.name']).toBeUndefined();
  });
});
