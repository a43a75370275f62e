// Turns sent to a viewer as an application sends them: the core on real OTLP exporters (traces
// over JSON, evaluation events over the Logs SDK's JSON or protobuf exporter), each turn's chats
// under a named prompt version, then rated by an evaluator and by its user.
import { Agentspan, type TurnRef } from '@agentspan/core';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { context } from '@opentelemetry/api';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Viewer } from '../../src/index.js';

export const PRICES = { 'gpt-4o-mini': { input: 0.15, output: 0.6 } };

export interface Producer {
  agentspan: Agentspan;
  /** One turn of `agent` whose two chats use `prompt`; resolves to the ids it hands out. */
  turn(agent: string, prompt: { name: string; version: string }, inputTokens: number): Promise<TurnRef>;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export function producer(viewer: Viewer, logs: 'json' | 'protobuf' = 'json'): Producer {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${viewer.url}/v1/traces` }))],
  });
  const Exporter = logs === 'json' ? JsonLogExporter : ProtoLogExporter;
  const loggerProvider = new LoggerProvider({
    processors: [new SimpleLogRecordProcessor({ exporter: new Exporter({ url: `${viewer.url}/v1/logs` }) })],
  });
  const agentspan = new Agentspan({ tracerProvider, loggerProvider, prices: PRICES });
  // Later ratings of a finished turn carry its agent and prompt version.
  agentspan.rememberTurns();
  const chat = (inputTokens: number) =>
    agentspan.chat(
      { provider: 'openai', requestModel: 'gpt-4o-mini' },
      async () => ({ input_tokens: inputTokens, output_tokens: 20 }),
      (usage) => ({ responseModel: 'gpt-4o-mini', usage }),
    );
  return {
    agentspan,
    async turn(agent, prompt, inputTokens) {
      const { turn } = await agentspan.captureTurn(() =>
        agentspan.prompt(prompt, () =>
          agentspan.agent({ name: agent }, async () => {
            await chat(inputTokens);
            await chat(inputTokens);
          }),
        ),
      );
      if (turn === undefined) throw new Error('the turn handed out no ids');
      return turn;
    },
    async flush() {
      await tracerProvider.forceFlush();
      await loggerProvider.forceFlush();
    },
    async shutdown() {
      await tracerProvider.shutdown();
      await loggerProvider.shutdown();
      context.disable();
    },
  };
}
