// The Nest example: a Nest 12 app (Express platform) with AgentspanModule; POST /chat runs
// the support turn in services carrying agentspan's decorators. It sends itself one request,
// prints the answer and the trace (or exports it), and exits; --serve keeps serving.
// Offline by default (scripted model); OpenAI's API when OPENAI_API_KEY is set.
import 'reflect-metadata';
import { startTelemetry } from '@agentspan/example-kit';
import { S1 } from '@agentspan/conformance/runner';

const telemetry = startTelemetry({ serviceName: 'agentspan-example-nestjs' });
const { startNestApp } = await import('./app.js');
const { chatModelFromEnv, OpenAIChatModel } = await import('./chat-model.js');

const model = chatModelFromEnv();
const app = await startNestApp('express', {}, model);
const url = `http://127.0.0.1:${app.port}/chat`;
process.stdout.write(`Nest example on ${url} (${model instanceof OpenAIChatModel ? `OpenAI ${model.requestModel}` : 'offline, scripted model'})\n`);

const response = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json', 'x-conversation-id': S1.conversationId, 'x-user-id': S1.userId },
  body: JSON.stringify({ message: S1.userMessage }),
});
const { answer } = (await response.json()) as { answer?: string };
process.stdout.write(`> ${S1.userMessage}\n< ${answer ?? `HTTP ${response.status}`}\n\n`);

if (process.argv.includes('--serve')) {
  process.stdout.write(`serving; try: curl -X POST ${url} -H 'content-type: application/json' -d '{"message":"hi"}'\n`);
  process.once('SIGINT', () => void app.close().then(() => telemetry.shutdown()));
} else {
  await app.close();
  await telemetry.shutdown();
}
