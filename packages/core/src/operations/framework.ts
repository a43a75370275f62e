// Opt-in verbose spans for framework plumbing (chains, graph nodes, workflow steps).
// They carry no gen_ai.operation.name, so the canonical tree does not see them.
import { type Attributes, SpanKind } from '@opentelemetry/api';
import { ATTR_AGENTSPAN_FRAMEWORK, ATTR_AGENTSPAN_FRAMEWORK_NAME } from '@agentspan/semconv';
import { BaseOperation, type Outcome } from '../operation.js';
import type { Runtime } from '../runtime.js';
import type { Operation, OperationStart } from '../types.js';

export interface FrameworkStart extends OperationStart {
  /** The run's name, used as the span name. */
  name: string;
  /** The framework's kind of run (chain, node, step…). */
  runType: string;
  framework?: string;
}

export class FrameworkOp extends BaseOperation<void> implements Operation<void> {
  readonly kind = 'framework';

  constructor(rt: Runtime, o: FrameworkStart) {
    const attributes: Attributes = { [ATTR_AGENTSPAN_FRAMEWORK]: o.runType };
    if (o.framework) attributes[ATTR_AGENTSPAN_FRAMEWORK_NAME] = o.framework;
    super(rt, o.name, SpanKind.INTERNAL, o, attributes);
  }

  protected onEnd(): void {}
  protected onFinish(_durationS: number, _outcome: Outcome): void {}
}
