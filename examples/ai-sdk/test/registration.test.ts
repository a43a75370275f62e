// Global and per-call registration, twice-registered integrations, @ai-sdk/otel beside ours,
// and the agent-name / merging rules.
import { S1 } from '@agentspan/conformance';
import { OpenTelemetry } from '@ai-sdk/otel';
import { generateText, registerTelemetry, stepCountIs } from 'ai';
import { describe, expect, it } from 'vitest';
import { agentspanTelemetry, registerAgentspanTelemetry } from '@agentspan/ai-sdk';
import { fixtureModel } from '../src/fixture-model.js';
import { byOperation, tree, useTestEnv } from '../../../packages/ai-sdk/test/support/harness.js';
import { lookupOrderTool } from '../src/support-app.js';

const env = useTestEnv();

function turn(functionId?: string, integrations?: Parameters<typeof generateText>[0]['telemetry']) {
  return generateText({
    model: fixtureModel(S1),
    tools: { [S1.tool.name]: lookupOrderTool(S1) },
    prompt: S1.userMessage,
    stopWhen: stepCountIs(5),
    telemetry: { functionId, ...integrations },
  });
}

const S1_MODEL_LOOP = ['chat gpt-4o-mini', 'execute_tool lookup_order', 'chat gpt-4o-mini'];

describe('registration', () => {
  it('registerAgentspanTelemetry registers once and returns the same integration', () => {
    const as = env.agentspan();
    const a = registerAgentspanTelemetry({ agentspan: as });
    const b = registerAgentspanTelemetry({ agentspan: as });
    expect(b).toBe(a);
    expect(globalThis.AI_SDK_TELEMETRY_INTEGRATIONS).toEqual([a]);
  });

  it('traces through the global registration; no functionId and no enclosing agent: the default name', async () => {
    registerAgentspanTelemetry({ agentspan: env.agentspan() });
    await turn();
    expect(tree(await env.spans())).toEqual(['invoke_agent ai.generateText', ...S1_MODEL_LOOP.map((n) => `  ${n}`)]);
  });

  it('uses the agentName option when the call has no functionId', async () => {
    registerAgentspanTelemetry({ agentspan: env.agentspan(), agentName: 'helper' });
    await turn();
    expect(tree(await env.spans())[0]).toBe('invoke_agent helper');
  });

  it('two instances registered: one set of spans', async () => {
    const as = env.agentspan();
    const first = agentspanTelemetry({ agentspan: as });
    const second = agentspanTelemetry({ agentspan: as });
    registerTelemetry(first, second);
    await turn(S1.agentName);
    const spans = await env.spans();
    expect(tree(spans)).toEqual([`invoke_agent ${S1.agentName}`, ...S1_MODEL_LOOP.map((n) => `  ${n}`)]);
    expect(first.activeCalls + second.activeCalls).toBe(0);
  });

  it('the same instance registered twice: one set of spans', async () => {
    const integration = agentspanTelemetry({ agentspan: env.agentspan() });
    registerTelemetry(integration, integration);
    await turn(S1.agentName);
    expect(byOperation(await env.spans(), 'chat')).toHaveLength(2);
  });

  it('beside @ai-sdk/otel: our spans unchanged, the provider call nested in both', async () => {
    const as = env.agentspan();
    registerTelemetry(agentspanTelemetry({ agentspan: as }), new OpenTelemetry());
    await turn(S1.agentName);
    const spans = await env.spans();
    const ours = spans.filter((s) => s.instrumentationScope.name === '@agentspan/core');
    expect(tree(ours)).toEqual([`invoke_agent ${S1.agentName}`, ...S1_MODEL_LOOP.map((n) => `  ${n}`)]);
    // @ai-sdk/otel makes its own (differently shaped) tree next to ours.
    expect(spans.length).toBeGreaterThan(ours.length);
  });

  it('per-call integrations replace the global ones', async () => {
    const global = agentspanTelemetry({ agentspan: env.agentspan() });
    registerTelemetry(global);
    const local = agentspanTelemetry({ agentspan: env.agentspan(), agentName: 'local' });
    await turn(undefined, { integrations: [local] });
    expect(tree(await env.spans())[0]).toBe('invoke_agent local');
  });
});

describe('agent names and merging', () => {
  it('a call without functionId merges into the enclosing agent', async () => {
    const as = env.agentspan();
    registerAgentspanTelemetry({ agentspan: as });
    await as.agent({ name: 'support-agent' }, () => turn());
    expect(tree(await env.spans())).toEqual(['invoke_agent support-agent', ...S1_MODEL_LOOP.map((n) => `  ${n}`)]);
  });

  it('a call named after another agent nests as its own invoke_agent', async () => {
    const as = env.agentspan();
    registerAgentspanTelemetry({ agentspan: as });
    await as.agent({ name: 'router' }, () => turn('support-agent'));
    const spans = await env.spans();
    expect(tree(spans)).toEqual([
      'invoke_agent router',
      '  invoke_agent support-agent',
      ...S1_MODEL_LOOP.map((n) => `    ${n}`),
    ]);
    const [outer] = byOperation(spans, 'invoke_agent').filter((s) => s.name === 'invoke_agent router');
    expect(outer?.attributes['agentspan.llm.calls']).toBe(2);
  });
});
