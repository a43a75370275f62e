// Which prompt a chat call used, when the framework tells it apart from the call: a
// template rendered inside an operation (a LangChain prompt run under an agent) is used by
// the chat calls that start after it inside that operation or below it.
import type { OperationNode } from '../context-state.js';
import type { PromptRef } from './types.js';

export class PromptLinks {
  private readonly rendered = new WeakMap<OperationNode, PromptRef>();
  /** False until a prompt was ever noted: chat starts skip the lookup. */
  private any = false;

  /** The chats that start later in `node` (or below it) used `prompt`; a later one replaces it. */
  note(node: OperationNode, prompt: PromptRef): void {
    this.rendered.set(node, prompt);
    this.any = true;
  }

  /** The prompt noted at the innermost of `node` and its ancestors. */
  find(node: OperationNode | undefined): PromptRef | undefined {
    if (!this.any) return undefined;
    for (let n = node; n; n = n.parentNode) {
      const prompt = this.rendered.get(n);
      if (prompt) return prompt;
    }
    return undefined;
  }
}
