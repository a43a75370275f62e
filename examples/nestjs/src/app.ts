// A real Nest app (Express or Fastify platform) serving the S1 turn: POST /chat for the
// example; for the tests, JSON for plain turns, SSE (@Sse) for streamed ones (the turn
// looked up by the x-turn-id header), a hello route.
import type { AddressInfo } from 'node:net';
import { Body, Controller, Get, Headers, HttpCode, Inject, type MessageEvent, Module, Post, RequestMethod, Sse } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { S1, runHandoffTurn, runSupervisorTurn } from '@agentspan/conformance/runner';
import { getAgentspan } from '@agentspan/core';
import { AgentspanFeedbackModule, AgentspanModule, type AgentspanModuleOptions, AgentspanTracer, SkipBudget } from '@agentspan/nestjs';
import { ChatModel, ScriptedChatModel } from './chat-model.js';
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
  constructor(
    @Inject(SupportAgent) private readonly agent: SupportAgent,
    @Inject(AgentspanTracer) private readonly tracer: AgentspanTracer,
  ) {}

  @Get('hello')
  @SkipBudget()
  hello(): string {
    return 'hello';
  }

  @Post('chat')
  @HttpCode(200)
  async chat(@Body() body: { message?: unknown } | undefined): Promise<{ answer: string }> {
    const userMessage = typeof body?.message === 'string' ? body.message : S1.userMessage;
    return { answer: await this.agent.answer({ variant: 'ok', userMessage }) };
  }

  @Post('turns/plain')
  @HttpCode(200)
  async plain(@Headers('x-turn-id') id: string, @Body() _body: unknown): Promise<{ text: string }> {
    const turn = turnOf(id);
    // S7: the steps with nothing around them but the request; S8 / S9: the manual API's team turns.
    if (turn.variant === 'no_app_root') return { text: await this.agent.steps(turn) };
    if (turn.variant === 'supervisor') await runSupervisorTurn(getAgentspan());
    else if (turn.variant === 'handoff') await runHandoffTurn(getAgentspan());
    else {
      const p = turn.prompt;
      // E1: the chat calls of the turn used a versioned prompt; its name and version go on their spans.
      const answer = p
        ? this.tracer.agentspan.prompt({ name: p.name, version: p.version, variables: p.variables }, () => this.agent.answer(turn))
        : this.agent.answer(turn);
      return { text: await answer };
    }
    return { text: '' };
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
  model: ChatModel = new ScriptedChatModel(),
): Promise<RunningNestApp> {
  // traceresponse: the client learns the turn's ids, to rate the answer later (POST /feedback).
  const agentspanModule =
    typeof options === 'function'
      ? AgentspanModule.forRootAsync({ useFactory: async () => ({ traceResponse: true, ...(await options()) }) })
      : AgentspanModule.forRoot({ traceResponse: true, ...options });
  @Module({
    imports: [agentspanModule, AgentspanFeedbackModule.forRoot({ path: 'feedback' })],
    controllers: [TurnController],
    providers: [SupportAgent, ConversationMemory, KnowledgeBase, OrderTools, { provide: ChatModel, useValue: model }],
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
