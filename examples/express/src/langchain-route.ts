// A chat route whose turn is the LangChain example's support agent: @agentspan/express makes
// the request the root, @agentspan/langchain hangs the agent's spans under it. The model is
// the example's scripted one, or a real provider passed in (see main.ts).
import { S1 } from '@agentspan/conformance/runner';
import { buildSupportAgent } from '@agentspan/example-langchain';
import { requestAgentspan, requestTrace } from '@agentspan/express';
import { AgentspanCallbackHandler } from '@agentspan/langchain';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { Request, Response } from 'express';

export interface ChatRouteOptions {
  /** A real chat model (e.g. ChatOpenAI); default: the scripted S1 replies, offline. */
  model?: () => BaseChatModel;
}

/** The text of the agent's last message. */
function lastText(messages: readonly { content: unknown }[]): string {
  const content = messages.at(-1)?.content;
  if (typeof content === 'string') return content;
  return Array.isArray(content) ? content.map((part: { text?: string }) => part.text ?? '').join('') : '';
}

/** POST { message } → { answer }; ids from the x-conversation-id and x-user-id headers. */
export function langchainChatRoute(options: ChatRouteOptions = {}) {
  return async (req: Request, res: Response, next: (error?: unknown) => void): Promise<void> => {
    try {
      const agentspan = requestAgentspan(req);
      const { conversationId = 'anonymous', userId = 'anonymous' } = requestTrace(req)?.identity ?? {};
      const message = typeof req.body?.message === 'string' ? req.body.message : S1.userMessage;
      const agent = buildSupportAgent({ fixture: S1, userId, agentspan, ...(options.model ? { model: options.model() } : {}) });
      const result = await agent.invoke(
        { messages: [{ role: 'user', content: message }] },
        {
          callbacks: [new AgentspanCallbackHandler({ agentspan })],
          configurable: { thread_id: conversationId },
          metadata: { user_id: userId },
        },
      );
      res.json({ answer: lastText(result.messages) });
    } catch (error) {
      next(error);
    }
  };
}
