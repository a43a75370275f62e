// The Express example: an Express 5 app with @agentspan/express whose POST /chat runs the
// LangChain example's support agent (traced by @agentspan/langchain). It sends itself one
// request, prints the answer and the trace (or exports it), and exits; --serve keeps serving.
// Offline by default (scripted model); OpenAI when OPENAI_API_KEY is set.
import { startTelemetry } from '@agentspan/example-kit';
import { S1 } from '@agentspan/conformance/runner';
import { awaitAllCallbacks } from '@langchain/core/callbacks/promises';

const telemetry = startTelemetry({ serviceName: 'agentspan-example-express' });
const { default: express } = await import('express');
const { startApp } = await import('./app.js');
const { langchainChatRoute } = await import('./langchain-route.js');

const online = Boolean(process.env.OPENAI_API_KEY);
const model = online
  ? async () => {
      const { ChatOpenAI } = await import('@langchain/openai');
      return new ChatOpenAI({ model: process.env.OPENAI_MODEL ?? S1.requestModel });
    }
  : undefined;
const openai = model ? await model() : undefined;

const app = await startApp(express, {}, (a) => {
  a.post('/chat', express.json(), langchainChatRoute(openai ? { model: () => openai } : {}));
});
const url = `http://127.0.0.1:${app.port}/chat`;
process.stdout.write(`Express example on ${url} (${online ? `OpenAI ${openai?.model}` : 'offline, scripted model'})\n`);

const response = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-conversation-id': S1.conversationId, 'x-user-id': S1.userId },
  body: JSON.stringify({ message: S1.userMessage }),
});
const { answer } = (await response.json()) as { answer?: string };
process.stdout.write(`> ${S1.userMessage}\n< ${answer ?? `HTTP ${response.status}`}\n\n`);
await awaitAllCallbacks();

if (process.argv.includes('--serve')) {
  process.stdout.write(`serving; try: curl -X POST ${url} -H 'content-type: application/json' -d '{"message":"hi"}'\n`);
  process.once('SIGINT', () => void app.close().then(() => telemetry.shutdown()));
} else {
  await app.close();
  await telemetry.shutdown();
}
