// register() and the zero-code hook, end to end: each run is its own Node process (globals,
// exit hooks) exporting over real OTLP/HTTP to a local receiver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JsonSpan, startReceiver } from './receiver.js';
import { runNode } from './run-node.js';

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

function otlp(extra: Record<string, string> = {}): Record<string, string> {
  return { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', ...extra };
}

/** The requests that carry a service's data (its name is in every body, JSON or protobuf). */
function requestsOf(service: string): string[] {
  return receiver.received.filter((r) => r.body.includes(Buffer.from(service))).map((r) => `${r.path} ${r.contentType}`).sort();
}

/** The spans of one service, as `name <- parent name` lines. */
function treeOf(service: string): string[] {
  const spans = receiver.jsonSpans().filter((s) => s.resource['service.name'] === service);
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  return spans.map((s: JsonSpan) => `${s.name} <- ${s.parentSpanId ? (byId.get(s.parentSpanId)?.name ?? '?') : ''}`).sort();
}

const TURN = ['chat gpt-4o-mini <- invoke_agent support-agent', 'execute_tool lookup_order <- invoke_agent support-agent', 'invoke_agent support-agent <- '];

// Concurrent: each run is its own process, told apart by its service name.
describe.concurrent('register()', () => {
  it.each(['turn.mjs', 'turn.cjs'])('%s: the turn arrives as one tree, flushed before the process exits', async (script) => {
    const service = `register-${script}`;
    const run = await runNode([script], otlp({ OTEL_SERVICE_NAME: service }));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ same: true, adapters: [] });
    expect(treeOf(service)).toEqual(TURN);
    const chat = receiver.jsonSpans().find((s) => s.resource['service.name'] === service && s.name.startsWith('chat'));
    expect(chat?.attributes['gen_ai.usage.input_tokens']).toBe(3);
    expect(chat?.resource['telemetry.sdk.language']).toBe('nodejs');
  });

  it('sends metrics too, and protobuf unless told otherwise', async () => {
    const service = 'register-protobuf';
    const run = await runNode(['turn.mjs'], { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_SERVICE_NAME: service });
    expect(run.code).toBe(0);
    expect(requestsOf(service)).toEqual(['/v1/metrics application/x-protobuf', '/v1/traces application/x-protobuf']);
  });

  it('options win over the environment: serviceName, endpoint, protocol, metrics off; installed adapters wired', async () => {
    const options = { serviceName: 'from-options', endpoint: receiver.url, protocol: 'http/json', metrics: false, adapters: { langchain: false, llamaindex: false } };
    const run = await runNode(['turn.mjs'], {
      REGISTER_OPTIONS: JSON.stringify(options),
      OTEL_SERVICE_NAME: 'from-env',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).adapters).toEqual(['@agentspan/ai-sdk']);
    expect(requestsOf('from-options')).toEqual(['/v1/traces application/json']);
    expect(treeOf('from-options')).toEqual(TURN);
  });

  it('a bad option stops the start with a clear error', async () => {
    const run = await runNode(['turn.mjs'], { REGISTER_OPTIONS: JSON.stringify({ servicename: 'x' }) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('AgentspanConfigError: agentspan: register(): unknown option servicename; the options are serviceName,');
  });

  it('OTEL_SDK_DISABLED=true sets nothing up and exports nothing', async () => {
    const run = await runNode(['turn.mjs'], otlp({ OTEL_SDK_DISABLED: 'true', OTEL_SERVICE_NAME: 'disabled-sdk' }));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ same: true, adapters: [] });
    await new Promise((r) => setTimeout(r, 200));
    expect(requestsOf('disabled-sdk')).toEqual([]);
  });

  it('says once where to point the spans when the default endpoint does not answer', async () => {
    // Nothing listens on port 9 (discard): stands for "no viewer running" without touching 4318.
    const run = await runNode(['--import', './default-endpoint-closed.mjs', 'turn.mjs'], {});
    expect(run.code).toBe(0);
    const hints = run.stderr.split('\n').filter((l) => l.includes('npx @agentspan/viewer'));
    expect(hints).toHaveLength(1);
    expect(hints[0]).toContain('could not send spans to http://127.0.0.1:4318');
  });

  it('SIGTERM: the spans are flushed, then the process ends by the signal as it would have', async () => {
    const run = await runNode(['long-running.mjs'], otlp({ OTEL_SERVICE_NAME: 'long-running' }), (out, kill) => {
      if (out.includes('ready')) kill('SIGTERM');
    });
    expect(run.signal).toBe('SIGTERM');
    expect(treeOf('long-running')).toEqual(['invoke_agent support-agent <- ']);
  });
});

describe.concurrent('node --import @agentspan/node/register (no code)', () => {
  it.each([
    ['--import', 'plain.mjs'],
    ['--import', 'plain.cjs'],
    ['--require', 'plain.cjs'],
  ])('%s with %s', async (flag, script) => {
    const service = `hook${flag}-${script}`;
    const run = await runNode([flag, '@agentspan/node/register', script], otlp({ OTEL_SERVICE_NAME: service }));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(treeOf(service)).toEqual(['chat gpt-4o-mini <- invoke_agent support-agent', 'invoke_agent support-agent <- ']);
  });

  it('traces the AI SDK with no telemetry option (the integration registered globally)', async () => {
    const run = await runNode(['--import', '@agentspan/node/register', 'ai-sdk.mjs'], otlp({ OTEL_SERVICE_NAME: 'hook-ai' }));
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('Your order shipped.');
    expect(treeOf('hook-ai')).toEqual(['chat gpt-4o-mini <- invoke_agent ai.generateText', 'invoke_agent ai.generateText <- ']);
  });
});
