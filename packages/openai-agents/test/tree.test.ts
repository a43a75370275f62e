// The trees a user sees, through the real Runner: a plain run, the run() helper, a handoff,
// an agent used as a tool, work nested in tools and guardrails, concurrent runs, and what
// remains when the SDK's own tracing is off.
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, Runner, handoff, run, setTracingDisabled, tool } from '@openai/agents';
import { context, diag, trace } from '@opentelemetry/api';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { named, parentOf, tree, useTestEnv } from './support/env.js';
import { ScriptedModel, answer, callTool } from './support/scripted-model.js';

const env = useTestEnv();

function lookupOrder(body?: () => Promise<unknown>) {
  return tool({
    name: 'lookup_order',
    description: 'Looks up an order.',
    parameters: z.object({ orderId: z.string() }),
    execute: async () => (body ? body() : { status: 'delivered' }),
  });
}

function supportAgent(model: ScriptedModel, extra: Partial<ConstructorParameters<typeof Agent>[0]> = {}) {
  return new Agent({ name: 'support-agent', instructions: 'Help.', model, tools: [lookupOrder()], ...extra });
}

describe('a run', () => {
  it('is an invoke_agent span over its model calls and tools, with call ids, usage and rollups', async () => {
    const model = new ScriptedModel([callTool('call_1', 'lookup_order', { orderId: '42' }, { input: 420, output: 24, cached: 128 }), answer('Delivered.', { input: 512, output: 64, reasoning: 16 })]);
    const result = await new Runner().run(supportAgent(model), 'Where is order 42?');
    expect(result.finalOutput).toBe('Delivered.');
    const spans = await env.spans();
    expect(tree(spans)).toEqual([
      'invoke_agent support-agent',
      '  chat gpt-4o-mini',
      '  execute_tool lookup_order',
      '  chat gpt-4o-mini',
    ]);
    const agent = named(spans, 'invoke_agent support-agent');
    expect(agent.attributes).toMatchObject({
      'gen_ai.operation.name': 'invoke_agent',
      'gen_ai.agent.name': 'support-agent',
      'gen_ai.usage.input_tokens': 932,
      'gen_ai.usage.output_tokens': 88,
      'agentspan.llm.calls': 2,
      'agentspan.tool.calls': 1,
      'agentspan.framework.name': 'openai-agents',
    });
    const [chat1, chat2] = spans.filter((s) => s.name === 'chat gpt-4o-mini').sort((a, b) => a.startTime[1] - b.startTime[1] + (a.startTime[0] - b.startTime[0]) * 1e9);
    expect(chat1?.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 420,
      'gen_ai.usage.cache_read.input_tokens': 128,
      'gen_ai.response.finish_reasons': ['tool_call'],
    });
    expect(chat2?.attributes).toMatchObject({ 'gen_ai.usage.reasoning.output_tokens': 16, 'gen_ai.response.finish_reasons': ['stop'] });
    expect(named(spans, 'execute_tool lookup_order').attributes).toMatchObject({
      'gen_ai.tool.call.id': 'call_1',
      'gen_ai.tool.type': 'function',
      'gen_ai.tool.description': 'Looks up an order.',
      'gen_ai.agent.name': 'support-agent',
    });
  });

  it('through the run() helper, under the caller\'s span, is one trace', async () => {
    const model = new ScriptedModel([answer('Hi.')]);
    const outer = trace.getTracer('app').startSpan('POST /chat');
    await context.with(trace.setSpan(context.active(), outer), () => run(supportAgent(model), 'hi'));
    outer.end();
    const spans = await env.spans();
    expect(tree(spans)).toEqual(['POST /chat', '  invoke_agent support-agent', '    chat gpt-4o-mini']);
  });

  it('inside the application\'s agent of the same name merges into it', async () => {
    const model = new ScriptedModel([answer('Hi.')]);
    const as = env.agentspan;
    await as.agent({ name: 'support-agent', conversationId: 'conv-1', userId: 'u-1' }, () => new Runner().run(supportAgent(model), 'hi'));
    const spans = await env.spans();
    expect(tree(spans)).toEqual(['invoke_agent support-agent', '  chat gpt-4o-mini']);
    expect(named(spans, 'chat gpt-4o-mini').attributes).toMatchObject({ 'gen_ai.conversation.id': 'conv-1', 'user.id': 'u-1' });
  });

  it('keeps each span active while its work runs: a tool\'s and a guardrail\'s own spans nest under them', async () => {
    const tracer = trace.getTracer('app');
    const inTool = tool({
      name: 'lookup_order',
      description: 'Looks up an order.',
      parameters: z.object({ orderId: z.string() }),
      execute: async () => {
        await sleep(1);
        await env.agentspan.memory({ operation: 'search_memory', storeId: 'orders' }, async () => [1, 2]);
        tracer.startSpan('db query').end();
        return 'ok';
      },
    });
    const model = new ScriptedModel([callTool('call_1', 'lookup_order', { orderId: '42' }), answer('Done.')]);
    const agent = new Agent({
      name: 'support-agent',
      model,
      tools: [inTool],
      inputGuardrails: [
        {
          name: 'no_pii',
          execute: async () => {
            tracer.startSpan('pii scan').end();
            return { tripwireTriggered: false, outputInfo: {} };
          },
        },
      ],
    });
    await new Runner().run(agent, 'hi');
    const spans = await env.spans();
    // Spans of the OpenTelemetry SDK stamp their start in whole milliseconds: compared as sets.
    const childrenOf = (name: string) => spans.filter((s) => parentOf(spans, s)?.name === name).map((s) => s.name).sort();
    expect(childrenOf('invoke_agent support-agent')).toEqual(['apply_guardrail no_pii', 'chat gpt-4o-mini', 'chat gpt-4o-mini', 'execute_tool lookup_order']);
    expect(childrenOf('apply_guardrail no_pii')).toEqual(['pii scan']);
    expect(childrenOf('execute_tool lookup_order')).toEqual(['db query', 'search_memory']);
    expect(spans).toHaveLength(8);
    expect(named(spans, 'apply_guardrail no_pii').attributes).toMatchObject({
      'gen_ai.operation.name': 'apply_guardrail',
      'agentspan.guardrail.name': 'no_pii',
      'agentspan.guardrail.triggered': false,
      'gen_ai.agent.name': 'support-agent',
    });
  });

  it('50 concurrent runs on one Runner keep their own traces', async () => {
    const runner = new Runner();
    const as = env.agentspan;
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        context.with(as.withTurn({ conversationId: `conv-${i}` }), async () => {
          await sleep(i % 3);
          const model = new ScriptedModel([{ ...callTool(`call_${i}`, 'lookup_order', { orderId: String(i) }), delayMs: i % 4 }, answer('ok')]);
          await runner.run(supportAgent(model), `order ${i}`);
        }),
      ),
    );
    const spans = await env.spans();
    const roots = spans.filter((s) => s.name === 'invoke_agent support-agent');
    expect(roots).toHaveLength(50);
    for (const root of roots) {
      const conv = root.attributes['gen_ai.conversation.id'];
      const inTrace = spans.filter((s) => s.spanContext().traceId === root.spanContext().traceId);
      expect(inTrace.map((s) => s.name).sort()).toEqual(['chat gpt-4o-mini', 'chat gpt-4o-mini', 'execute_tool lookup_order', 'invoke_agent support-agent']);
      expect(inTrace.every((s) => s.attributes['gen_ai.conversation.id'] === conv)).toBe(true);
      const tool = inTrace.find((s) => s.name === 'execute_tool lookup_order');
      expect(tool?.attributes['gen_ai.tool.call.id']).toBe(`call_${String(conv).slice(5)}`);
    }
  });
});

describe('several agents', () => {
  it('a handoff: a conversation turn over each agent\'s invoke_agent, the handoff tool in the agent that handed off; each call counted once', async () => {
    const billingModel = new ScriptedModel([answer('Refunded.')]);
    const billing = new Agent({ name: 'billing-agent', model: billingModel, handoffDescription: 'Billing questions.' });
    const triageModel = new ScriptedModel([callTool('call_handoff', 'transfer_to_billing_agent', {})]);
    const triage = new Agent({ name: 'support-agent', model: triageModel, handoffs: [billing] });
    const result = await new Runner().run(triage, 'I was charged twice.');
    expect(result.finalOutput).toBe('Refunded.');
    const spans = await env.spans();
    expect(tree(spans)).toEqual([
      'handle_conversation_turn support-agent',
      '  invoke_agent support-agent',
      '    chat gpt-4o-mini',
      '    execute_tool transfer_to_billing_agent',
      '  invoke_agent billing-agent',
      '    chat gpt-4o-mini',
    ]);
    expect(named(spans, 'execute_tool transfer_to_billing_agent').attributes).toMatchObject({
      'gen_ai.tool.call.id': 'call_handoff',
      'gen_ai.agent.name': 'support-agent',
    });
    expect(named(spans, 'handle_conversation_turn support-agent').attributes).toMatchObject({
      'gen_ai.operation.name': 'handle_conversation_turn',
      'agentspan.llm.calls': 2,
      'agentspan.tool.calls': 1,
      'gen_ai.usage.input_tokens': 20,
    });
    expect(named(spans, 'invoke_agent support-agent').attributes).toMatchObject({ 'agentspan.llm.calls': 1, 'agentspan.tool.calls': 1 });
    expect(named(spans, 'invoke_agent billing-agent').attributes).toMatchObject({ 'agentspan.llm.calls': 1, 'agentspan.tool.calls': 0 });
  });

  it('handing back: each stretch of an agent is its own invoke_agent, one after the other', async () => {
    const triage: Agent = new Agent({ name: 'triage', model: new ScriptedModel([callTool('h1', 'transfer_to_billing_agent'), answer('Anything else?')]) });
    const billing = new Agent({ name: 'billing-agent', model: new ScriptedModel([callTool('h2', 'transfer_to_triage')]), handoffs: [triage] });
    triage.handoffs = [billing];
    await new Runner().run(triage, 'I was charged twice.');
    expect(tree(await env.spans())).toEqual([
      'handle_conversation_turn triage',
      '  invoke_agent triage',
      '    chat gpt-4o-mini',
      '    execute_tool transfer_to_billing_agent',
      '  invoke_agent billing-agent',
      '    chat gpt-4o-mini',
      '    execute_tool transfer_to_triage',
      '  invoke_agent triage',
      '    chat gpt-4o-mini',
    ]);
  });

  it('a handoff tool named by the application (handoff(agent, { toolNameOverride }))', async () => {
    const billing = new Agent({ name: 'billing-agent', model: new ScriptedModel([answer('Refunded.')]) });
    const triage = new Agent({
      name: 'triage',
      model: new ScriptedModel([callTool('call_h', 'handOff', {})]),
      handoffs: [handoff(billing, { toolNameOverride: 'handOff' })],
    });
    await new Runner().run(triage, 'I was charged twice.');
    expect(tree(await env.spans())).toEqual([
      'handle_conversation_turn triage',
      '  invoke_agent triage',
      '    chat gpt-4o-mini',
      '    execute_tool handOff',
      '  invoke_agent billing-agent',
      '    chat gpt-4o-mini',
    ]);
  });

  it('an agent used as a tool: its run is an invoke_agent under the execute_tool that ran it', async () => {
    const billing = new Agent({ name: 'billing-agent', model: new ScriptedModel([answer('Charged once.')]) });
    const supervisor = new Agent({
      name: 'supervisor',
      model: new ScriptedModel([callTool('call_billing', 'ask_billing', { input: 'charged?' }), answer('Charged once.')]),
      tools: [billing.asTool({ toolName: 'ask_billing', toolDescription: 'Asks billing.' })],
    });
    await new Runner().run(supervisor, 'Was I charged?');
    const spans = await env.spans();
    expect(tree(spans)).toEqual([
      'invoke_agent supervisor',
      '  chat gpt-4o-mini',
      '  execute_tool ask_billing',
      '    invoke_agent billing-agent',
      '      chat gpt-4o-mini',
      '  chat gpt-4o-mini',
    ]);
    expect(named(spans, 'invoke_agent supervisor').attributes).toMatchObject({ 'agentspan.llm.calls': 3, 'agentspan.tool.calls': 1 });
    const nested = named(spans, 'invoke_agent billing-agent');
    expect(parentOf(spans, nested)?.name).toBe('execute_tool ask_billing');
  });
});

describe('with the SDK\'s own tracing off', () => {
  it('still records the agents, model calls, tools and handoffs from the runner and the models', async () => {
    const warn = vi.spyOn(diag, 'warn');
    setTracingDisabled(true);
    try {
      const billing = new Agent({ name: 'billing-agent', model: new ScriptedModel([answer('Refunded.')]) });
      const triage = new Agent({
        name: 'support-agent',
        model: new ScriptedModel([callTool('call_1', 'lookup_order', { orderId: '42' }), callTool('call_h', 'transfer_to_billing_agent')]),
        tools: [lookupOrder()],
        handoffs: [billing],
      });
      await new Runner().run(triage, 'hi');
    } finally {
      setTracingDisabled(false);
    }
    expect(tree(await env.spans())).toEqual([
      'handle_conversation_turn support-agent',
      '  invoke_agent support-agent',
      '    chat gpt-4o-mini',
      '    execute_tool lookup_order',
      '    chat gpt-4o-mini',
      '    execute_tool transfer_to_billing_agent',
      '  invoke_agent billing-agent',
      '    chat gpt-4o-mini',
    ]);
    expect(warn.mock.calls.map((c) => String(c[0])).join('\n')).toContain("OpenAI Agents SDK's tracing is off");
    warn.mockRestore();
  });
});
