// The in-process invocation (the conventions' gen_ai.invocation.internal): invoke_agent,
// invoke_workflow or handle_conversation_turn. Owns a rollup of every call below it and
// writes the totals when it ends.
import { type Attributes, SpanKind, context as otelContext } from '@opentelemetry/api';
import * as S from '@agentspan/semconv';
import { type OperationNode, getState } from '../context-state.js';
import { BaseOperation, type Outcome } from '../operation.js';
import { AGENT_ROLLUP_KEYS, Rollup } from '../rollup.js';
import type { Runtime } from '../runtime.js';
import type { AgentOperation, AgentStart, GenAIMessage, Lazy } from '../types.js';

const TURN = S.GEN_AI_OPERATIONS.handleConversationTurn;
const WORKFLOW = S.GEN_AI_OPERATIONS.invokeWorkflow;

/** The invocations above a node: whether there is one, and whether one is a conversation turn. */
function invocationsAbove(node: OperationNode | undefined): { nested: boolean; inTurn: boolean } {
  let nested = false;
  for (let n = node; n; n = n.parentNode) {
    if (!(n instanceof AgentOp)) continue;
    nested = true;
    if (n.operation === TURN) return { nested, inTurn: true };
  }
  return { nested, inTurn: false };
}

export class AgentOp extends BaseOperation<{ output?: Lazy<GenAIMessage[]> }> implements AgentOperation {
  readonly kind = 'invoke_agent';
  readonly merged = false;
  readonly name: string;
  /** invoke_agent, invoke_workflow or handle_conversation_turn. */
  readonly operation: string;
  /** Inside another invocation of this process (gen_ai.invocation.is_nested). */
  private readonly nested: boolean;

  constructor(rt: Runtime, o: AgentStart) {
    // A conversation turn never nests in another one in the same process: inside one, the
    // framework's entry point is an agent invocation of its entry agent. (Looked up before the
    // span starts, and only for a turn: the usual agent reads its parent once, below.)
    const requested = o.operation ?? S.GEN_AI_OPERATIONS.invokeAgent;
    const operation =
      requested === TURN && invocationsAbove(AgentOp.parentNodeOf(o)).inTurn ? S.GEN_AI_OPERATIONS.invokeAgent : requested;
    const attributes: Attributes = { [S.ATTR_GEN_AI_OPERATION_NAME]: operation };
    if (operation === WORKFLOW) attributes[S.ATTR_GEN_AI_WORKFLOW_NAME] = o.name;
    else attributes[S.ATTR_GEN_AI_AGENT_NAME] = o.name;
    if (o.id) attributes[S.ATTR_GEN_AI_AGENT_ID] = o.id;
    if (o.description) attributes[S.ATTR_GEN_AI_AGENT_DESCRIPTION] = o.description;
    if (o.requestModel && operation === S.GEN_AI_OPERATIONS.invokeAgent) attributes[S.ATTR_GEN_AI_REQUEST_MODEL] = o.requestModel;
    if (o.framework) attributes[S.ATTR_AGENTSPAN_FRAMEWORK_NAME] = o.framework;
    rt.content.json(attributes, S.ATTR_GEN_AI_INPUT_MESSAGES, o.input);
    super(rt, S.agentSpanName(operation as S.GenAIOperationName, o.name), SpanKind.INTERNAL, o, attributes);
    this.name = o.name;
    this.operation = operation;
    this.nested = invocationsAbove(this.parentState.node).nested;
    this.ownRollup = new Rollup(this.span, this.parentState.rollup, AGENT_ROLLUP_KEYS, false);
    // A top-level invocation is a turn: evaluations may want it (one boolean read when not).
    if (!this.nested && rt.evaluations.turns.watching) rt.evaluations.turns.started(this, o.parent, o.input);
  }

  /** The innermost open operation where this invocation will start. */
  private static parentNodeOf(o: AgentStart): OperationNode | undefined {
    return getState(o.parent ?? otelContext.active()).node;
  }

  private readonly ownRollup: Rollup;

  protected override get rollup(): Rollup {
    return this.ownRollup;
  }

  /** Tools below run for this agent; a workflow is no agent (they keep the enclosing one's). */
  protected override get agentNameBelow(): string | undefined {
    return this.operation === WORKFLOW ? super.agentNameBelow : this.name;
  }

  protected onEnd(result: { output?: Lazy<GenAIMessage[]> } | undefined): void {
    if (!result?.output) return;
    if (!this.nested) this.rt.evaluations.turns.output(this, result.output);
    const attributes: Attributes = {};
    this.rt.content.json(attributes, S.ATTR_GEN_AI_OUTPUT_MESSAGES, result.output);
    this.span.setAttributes(attributes);
  }

  protected onFinish(durationS: number, outcome: Outcome): void {
    const rollup = this.ownRollup;
    rollup.write();
    rollup.closed = true;
    if (!this.nested && this.rt.evaluations.turns.watching) this.turnFinished(durationS, outcome, rollup);
    this.rt.metrics.invocation(this.operation, this.name, this.nested, durationS, rollup.ownLlmCalls, rollup.ownToolCalls, outcome.errorType);
  }

  private turnFinished(durationS: number, outcome: Outcome, totals: Rollup): void {
    const { conversationId, userId } = this.state;
    const f = { name: this.name, operation: this.operation, conversationId, userId, durationS, errorType: outcome.errorType, totals };
    this.rt.evaluations.turns.finished(this, f);
  }
}

/** A framework agent run merged into an enclosing agent: no span of its own, its owner ends it. */
export class MergedAgent implements AgentOperation {
  readonly merged = true;
  constructor(private readonly owner: AgentOp) {}
  get name() {
    return this.owner.name;
  }
  get span() {
    return this.owner.span;
  }
  get context() {
    return this.owner.context;
  }
  get ended() {
    return this.owner.ended;
  }
  run<T>(fn: () => T): T {
    return this.owner.run(fn);
  }
  end(): void {}
  fail(): void {}
  cancel(): void {}
  setAttributes(): void {}
}
