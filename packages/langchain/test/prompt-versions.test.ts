// Prompt versions from LangChain: a prompt template's metadata (its own, `.withConfig`, or a
// Hub prompt's lc_hub_*), or the call's metadata, names the prompt of the chat calls that
// follow; its inputs are the variables (written only while content capture is on).
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { RunnableLambda } from '@langchain/core/runnables';
import { FakeListChatModel } from '@langchain/core/utils/testing';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentspanCallbackHandler } from '../src/index.js';
import { testSdk } from './support/otel.js';

const sdk = testSdk();
afterEach(() => sdk.exporter.reset());

const chatSpans = (): ReadableSpan[] => sdk.exporter.getFinishedSpans().filter((s) => s.attributes['gen_ai.operation.name'] === 'chat');
const promptOf = (span: ReadableSpan | undefined) =>
  Object.fromEntries(Object.entries(span?.attributes ?? {}).filter(([k]) => k.startsWith('gen_ai.prompt.')));

function template(metadata?: Record<string, unknown>) {
  const prompt = ChatPromptTemplate.fromMessages([
    ['system', 'You answer about order {order_id}.'],
    ['human', '{question}'],
  ]);
  return metadata ? prompt.withConfig({ metadata }) : prompt;
}

const VARS = { order_id: '42', question: 'Where is it? Mail me: jane@example.com' };

describe('prompt versions (LangChain)', () => {
  it('a template run names the prompt of the chat call after it; variables only with capture on', async () => {
    for (const captureContent of [false, true]) {
      sdk.exporter.reset();
      const handler = new AgentspanCallbackHandler({ agentspan: sdk.agentspan({ captureContent }) });
      const chain = template({ 'gen_ai.prompt.name': 'support-answer', 'gen_ai.prompt.version': 'v2' }).pipe(
        new FakeListChatModel({ responses: ['delivered'] }),
      );
      await chain.invoke(VARS, { callbacks: [handler] });
      expect(promptOf(chatSpans()[0])).toEqual({
        'gen_ai.prompt.name': 'support-answer',
        'gen_ai.prompt.version': 'v2',
        ...(captureContent
          ? { 'gen_ai.prompt.variable.order_id': '42', 'gen_ai.prompt.variable.question': 'Where is it? Mail me: [EMAIL]' }
          : {}),
      });
    }
  });

  it("reads a LangChain Hub prompt's lc_hub metadata (owner/repo, commit)", async () => {
    const handler = new AgentspanCallbackHandler({ agentspan: sdk.agentspan() });
    const chain = template({ lc_hub_owner: 'acme', lc_hub_repo: 'support-answer', lc_hub_commit_hash: 'a1b2c3' }).pipe(
      new FakeListChatModel({ responses: ['delivered'] }),
    );
    await chain.invoke(VARS, { callbacks: [handler] });
    expect(promptOf(chatSpans()[0])).toEqual({ 'gen_ai.prompt.name': 'acme/support-answer', 'gen_ai.prompt.version': 'a1b2c3' });
  });

  it("takes the prompt from the call's metadata, inherited by every chat run", async () => {
    const handler = new AgentspanCallbackHandler({ agentspan: sdk.agentspan() });
    const model = new FakeListChatModel({ responses: ['a', 'b'] });
    const twoCalls = RunnableLambda.from(async (q: string) => {
      await model.invoke(q);
      return model.invoke(q);
    });
    await twoCalls.invoke('hi', { callbacks: [handler], metadata: { 'gen_ai.prompt.name': 'router', 'gen_ai.prompt.version': 7 } });
    expect(chatSpans().map(promptOf)).toEqual([
      { 'gen_ai.prompt.name': 'router', 'gen_ai.prompt.version': '7' },
      { 'gen_ai.prompt.name': 'router', 'gen_ai.prompt.version': '7' },
    ]);
  });

  it('inside an agent: chats before the template have no prompt, the ones after have it; no metadata, no prompt', async () => {
    const agentspan = sdk.agentspan();
    const handler = new AgentspanCallbackHandler({ agentspan });
    const model = new FakeListChatModel({ responses: ['a', 'b', 'c'] });
    await agentspan.agent({ name: 'support-agent' }, async () => {
      await model.invoke('before', { callbacks: [handler] });
      await template({ 'gen_ai.prompt.name': 'support-answer', 'gen_ai.prompt.version': 'v3' }).pipe(model).invoke(VARS, { callbacks: [handler] });
      await model.invoke('after', { callbacks: [handler] });
    });
    await template().pipe(model).invoke(VARS, { callbacks: [handler] });
    expect(chatSpans().map((s) => promptOf(s)['gen_ai.prompt.version'])).toEqual([undefined, 'v3', 'v3', undefined]);
  });
});
