// apply_guardrail: one guardrail check (a policy the framework runs on a turn's input or
// output). Its outcome is an attribute: a tripped guardrail did its job, so the span stays
// UNSET; the run it stops fails with category guardrail_tripped.
import { type Attributes, SpanKind } from '@opentelemetry/api';
import * as S from '@agentspan/semconv';
import { BaseOperation, type Outcome } from '../operation.js';
import type { Runtime } from '../runtime.js';
import type { GuardrailOperation, GuardrailResult, GuardrailStart } from '../types.js';

export class GuardrailOp extends BaseOperation<GuardrailResult> implements GuardrailOperation {
  readonly kind = 'apply_guardrail';

  constructor(rt: Runtime, o: GuardrailStart) {
    const attributes: Attributes = {
      [S.ATTR_GEN_AI_OPERATION_NAME]: S.GEN_AI_OPERATIONS.applyGuardrail,
      [S.ATTR_AGENTSPAN_GUARDRAIL_NAME]: o.name,
    };
    if (o.type) attributes[S.ATTR_AGENTSPAN_GUARDRAIL_TYPE] = o.type;
    if (o.framework) attributes[S.ATTR_AGENTSPAN_FRAMEWORK_NAME] = o.framework;
    super(rt, S.guardrailSpanName(o.name), SpanKind.INTERNAL, o, attributes);
    if (this.parentState.agentName) this.span.setAttribute(S.ATTR_GEN_AI_AGENT_NAME, this.parentState.agentName);
  }

  protected onEnd(result: GuardrailResult | undefined): void {
    if (typeof result?.triggered === 'boolean') this.span.setAttribute(S.ATTR_AGENTSPAN_GUARDRAIL_TRIGGERED, result.triggered);
  }

  protected onFinish(_durationS: number, _outcome: Outcome): void {}
}
