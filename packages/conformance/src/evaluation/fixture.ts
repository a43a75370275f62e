// The data of scenario E1: the S1 turn, its system prompt rendered from a versioned
// template, then rated by an evaluator on the finished turn and by the user (a thumbs-down).
import { S1 } from '../fixture.js';

/** The prompt every adapter renders its system prompt from, with its framework's templates. */
export interface ConformancePrompt {
  readonly name: string;
  readonly version: string;
  /** `{variable}` placeholders (LangChain f-string and LlamaIndex syntax alike). */
  readonly template: string;
  readonly variables: Readonly<Record<string, string>>;
}

export const E1 = {
  prompt: {
    name: 'support-answer',
    version: 'v2',
    template: 'You are a support agent of {shop}. The customer is {customer_email}. Use the tools to answer questions about orders.',
    variables: { shop: 'ACME', customer_email: 'jane@example.com' },
  } satisfies ConformancePrompt,
  /** What the user sends from the web page, about the turn's response. */
  feedback: { rating: 'down', comment: 'Wrong answer. Reach me at jane@example.com' },
  /** The rating user (the turn's own user). */
  raterId: S1.userId,
  /** The evaluator run on each finished turn. */
  evaluatorName: 'tool_use',
} as const;

/** Renders the template (what an application without a template engine does). */
export function renderPrompt(prompt: ConformancePrompt): string {
  return prompt.template.replace(/\{(\w+)\}/g, (whole, key: string) => prompt.variables[key] ?? whole);
}
