// A real Nest app (Express or Fastify platform) serving the S1 turn: JSON for plain turns,
// SSE (@Sse) for streamed ones, a hello route for the bench.
import type { AddressInfo } from 'node:net';
import { Body, Controller, Get, Headers, HttpCode, Inject, type MessageEvent, Module, Post, RequestMethod, Sse } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { AgentspanModule, type AgentspanModuleOptions, SkipBudget } from '../../src/index.js';
import { ConversationMemory, KnowledgeBase, OrderTools, SupportAgent, type Turn } from './support-agent.js';

/** Turns waiting to be served, by the `x-turn-id` header (errors cannot travel as JSON). */
export const pendingTurns = new Map<string, Turn>();

function turnOf(id: string | undefined): Turn {
  const turn = id ? pendingTurns.get(id) : undefined;
  if (!turn) throw new Error(`unknown turn ${id}`);
  return turn;
}

@Controller()
class TurnController {
  constructor(@Inject(SupportAgent) private readonly agent: SupportAgent) {}

  @Get('hello')
  @SkipBudget()
  hello(): string {
    return 'hello';
  }

  @Post('turns/plain')
  @HttpCode(200)
  async plain(@Headers('x-turn-id') id: string, @Body() _body: unknown): Promise<{ text: string }> {
    return { text: await this.agent.answer(turnOf(id)) };
  }

  @Sse('turns/stream', { method: RequestMethod.POST })
  stream(@Headers('x-turn-id') id: string): Observable<MessageEvent> {
    return this.agent.stream(turnOf(id));
  }
}

export interface RunningNestApp {
  app: INestApplication;
  port: number;
  close(): Promise<void>;
}

export async function startNestApp(
  platform: 'express' | 'fastify',
  options: AgentspanModuleOptions | (() => Promise<AgentspanModuleOptions>) = {},
): Promise<RunningNestApp> {
  const agentspanModule =
    typeof options === 'function' ? AgentspanModule.forRootAsync({ useFactory: options }) : AgentspanModule.forRoot(options);
  @Module({
    imports: [agentspanModule],
    controllers: [TurnController],
    providers: [SupportAgent, ConversationMemory, KnowledgeBase, OrderTools],
  })
  class AppModule {}

  let app: INestApplication;
  if (platform === 'fastify') {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false, abortOnError: false });
  } else {
    app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
  }
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { app, port, close: () => app.close() };
}
