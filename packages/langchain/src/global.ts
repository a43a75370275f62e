// Global registration: LangChain has no global handler list; its configure hooks add a
// handler held in a LangChain context variable to every run configured below. Both live
// in LangChain's AsyncLocalStorage, so register at start-up, before the application
// serves requests or starts agents (calls made in a context created earlier do not see it).
import { registerConfigureHook, setContextVariable } from '@langchain/core/context';
import type { AgentspanLangChainOptions } from './options.js';
import { AgentspanCallbackHandler } from './handler.js';

const CONTEXT_VARIABLE = 'agentspan_langchain_handler';
let hookRegistered = false;

/**
 * Traces every LangChain and LangGraph run from here on with one handler. A handler also
 * passed per call (same name) is not added twice.
 */
export function registerAgentspanHandler(
  handlerOrOptions?: AgentspanCallbackHandler | AgentspanLangChainOptions,
): AgentspanCallbackHandler {
  const handler =
    handlerOrOptions instanceof AgentspanCallbackHandler ? handlerOrOptions : new AgentspanCallbackHandler(handlerOrOptions);
  if (!hookRegistered) {
    registerConfigureHook({ contextVar: CONTEXT_VARIABLE, inheritable: true });
    hookRegistered = true;
  }
  setContextVariable(CONTEXT_VARIABLE, handler);
  return handler;
}
