// Prompt versions from LlamaIndex prompt templates: a PromptTemplate whose metadata names its
// prompt (`gen_ai.prompt.name`, `gen_ai.prompt.version`) is remembered with the text each
// format() renders; a chat call whose messages hold that text used the prompt (an agent's
// systemPrompt is usually formatted long before the turn, so nothing else links the two).
import { type Patcher, type PromptRef, promptFromMetadata, reportInternal } from '@agentspan/core';
import type { ChatMessage } from '@llamaindex/core/llms';
import { PromptTemplate } from '@llamaindex/core/prompts';

/** Rendered texts kept at most: the newest win (a template re-rendered per request cycles them). */
const MAX_RENDERED = 256;
const rendered = new Map<string, PromptRef>();

type Format = (this: PromptTemplate, options?: Record<string, string>) => string;

function remember(template: PromptTemplate, options: Record<string, string> | undefined, text: unknown): void {
  if (typeof text !== 'string' || text === '') return;
  const partial = template.options;
  const prompt = promptFromMetadata(template.metadata, () => ({ ...partial, ...options }));
  if (!prompt) return;
  rendered.delete(text);
  rendered.set(text, prompt);
  if (rendered.size > MAX_RENDERED) rendered.delete(rendered.keys().next().value as string);
}

export function patchPromptTemplates(patcher: Patcher): void {
  patcher.method(PromptTemplate.prototype, 'format', (original) =>
    function tracedFormat(this: PromptTemplate, options?: Record<string, string>): string {
      const text = (original as unknown as Format).call(this, options);
      try {
        remember(this, options, text);
      } catch (error) {
        reportInternal('prompt template', error);
      }
      return text;
    },
  );
}

function textOf(content: ChatMessage['content']): string | undefined {
  if (typeof content === 'string') return content;
  const first = Array.isArray(content) ? content[0] : undefined;
  return first?.type === 'text' ? first.text : undefined;
}

/** The prompt a template rendered into one of these messages (system messages first), if any. */
export function promptOfMessages(messages: readonly ChatMessage[] | undefined): PromptRef | undefined {
  if (rendered.size === 0 || !messages) return undefined;
  let found: PromptRef | undefined;
  for (const message of messages) {
    const text = textOf(message.content);
    const prompt = text === undefined ? undefined : rendered.get(text);
    if (prompt && message.role === 'system') return prompt;
    found ??= prompt;
  }
  return found;
}

/** Forgets every rendered text (tracing disabled). */
export function forgetRenderedPrompts(): void {
  rendered.clear();
}
