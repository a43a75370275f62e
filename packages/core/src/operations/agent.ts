// invoke_agent / invoke_workflow: the turn's root operation. Owns a rollup of every
// call below it and writes the totals when it ends.
import { type Attributes, SpanKind } from '@opentelemetry/api';
import * as S from '@agentspan/semconv';
import { BaseOperation, type Outcome } from '../operation.js';
import { AGENT_ROLLUP_KEYS, Rollup } from '../rollup.js';
import type { Runtime } from '../runtime.js';
import type { AgentOperation, AgentStart, GenAIMessage, Lazy } from '../types.js';

export class AgentOp extends BaseOperation<{ output?: Lazy<GenAIMessage[]> }> implements AgentOperation {
  readonly kind = 'invoke_agent';
  readonly merged = false;
  readonly name: string;
  private readonly operation: string;
  private readonly nested: boolean;

  constructor(rt: Runtime, o: AgentStart) {
    const operation = o.operation ?? S.GEN_AI_OPERATIONS.invokeAgent;
    const attributes: Attributes = { [S.ATTR_GEN_AI_OPERATION_NAME]: operation };
    if (operation === S.GEN_AI_OPERATIONS.invokeWorkflow) attributes[S.ATTR_GEN_AI_WORKFLOW_NAME] = o.name;
    else attributes[S.ATTR_GEN_AI_AGENT_NAME] = o.name;
    if (o.id) attributes[S.ATTR_GEN_AI_AGENT_ID] = o.id;
    if (o.description) attributes[S.ATTR_GEN_AI_AGENT_DESCRIPTION] = o.description;
    if (o.requestModel) attributes[S.ATTR_GEN_AI_REQUEST_MODEL] = o.requestModel;
    if (o.framework) attributes[S.ATTR_AGENTSPAN_FRAMEWORK_NAME] = o.framework;
    rt.content.json(attributes, S.ATTR_GEN_AI_INPUT_MESSAGES, o.input);
    super(rt, S.agentSpanName(operation, o.name), SpanKind.INTERNAL, o, attributes);
    this.name = o.name;
    this.operation = operation;
    this.nested = this.parentState.agentName !== undefined;
    this.ownRollup = new Rollup(this.span, this.parentState.rollup, AGENT_ROLLUP_KEYS, false);
    // A top-level invocation is a turn: evaluations may want it (one boolean read when not).
    if (!this.nested && rt.evaluations.turns.watching) rt.evaluations.turns.started(this, o.parent, o.input);
  }

  private readonly ownRollup: Rollup;

  protected override get rollup(): Rollup {
    return this.ownRollup;
  }

  protected override get agentNameBelow(): string {
    return this.name;
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
    this.rt.metrics.invocation(this.operation, this.name, this.nested, durationS, rollup.llmCalls, rollup.toolCalls, outcome.errorType);
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
