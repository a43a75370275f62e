// Rollups: sums of tokens and cost and counts of LLM and tool calls, carried by the
// context to every enclosing agent and request scope. Each call adds once to each.
import type { Span } from '@opentelemetry/api';
import {
  ATTR_AGENTSPAN_COST_USD,
  ATTR_AGENTSPAN_LLM_CALLS,
  ATTR_AGENTSPAN_TOOL_CALLS,
  ATTR_AGENTSPAN_USAGE_INPUT_TOKENS,
  ATTR_AGENTSPAN_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@agentspan/semconv';

/** Which keys the totals are written under: GenAI names on agents, agentspan.* on foreign spans. */
export interface RollupKeys {
  input: string;
  output: string;
}
export const AGENT_ROLLUP_KEYS: RollupKeys = {
  input: ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  output: ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
};
export const SCOPE_ROLLUP_KEYS: RollupKeys = {
  input: ATTR_AGENTSPAN_USAGE_INPUT_TOKENS,
  output: ATTR_AGENTSPAN_USAGE_OUTPUT_TOKENS,
};

export class Rollup {
  inputTokens: number | undefined;
  outputTokens: number | undefined;
  cost: number | undefined;
  llmCalls = 0;
  toolCalls = 0;
  /** Calls made here and not by a nested agent (the conventions' per-agent call counts). */
  ownLlmCalls = 0;
  ownToolCalls = 0;
  /** Set when the owner has ended: later calls still reach the parents. */
  closed = false;

  constructor(
    private readonly span: Span,
    readonly parent: Rollup | undefined,
    private readonly keys: RollupKeys,
    /** Write after every call (a foreign span may end before our last chance). */
    private readonly live: boolean,
  ) {}

  /** Adds one call here and in every enclosing rollup. */
  addCall(kind: 'llm' | 'tool', input?: number, output?: number, cost?: number): void {
    if (kind === 'llm') this.ownLlmCalls++;
    else this.ownToolCalls++;
    for (let r: Rollup | undefined = this; r; r = r.parent) r.apply(kind, input, output, cost);
  }

  private apply(kind: 'llm' | 'tool', input?: number, output?: number, cost?: number): void {
    if (kind === 'llm') this.llmCalls++;
    else this.toolCalls++;
    if (input !== undefined) this.inputTokens = (this.inputTokens ?? 0) + input;
    if (output !== undefined) this.outputTokens = (this.outputTokens ?? 0) + output;
    if (cost !== undefined) this.cost = (this.cost ?? 0) + cost;
    // A foreign span may end without our knowing (instrumentation-http's, with the response).
    if (this.live && !this.closed && this.span.isRecording()) this.write();
  }

  /** Writes the totals; counts always, tokens and cost only when some call reported them. */
  write(): void {
    const span = this.span;
    span.setAttribute(ATTR_AGENTSPAN_LLM_CALLS, this.llmCalls);
    span.setAttribute(ATTR_AGENTSPAN_TOOL_CALLS, this.toolCalls);
    if (this.inputTokens !== undefined) span.setAttribute(this.keys.input, this.inputTokens);
    if (this.outputTokens !== undefined) span.setAttribute(this.keys.output, this.outputTokens);
    if (this.cost !== undefined) span.setAttribute(ATTR_AGENTSPAN_COST_USD, this.cost);
  }
}
