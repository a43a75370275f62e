// embeddings: one embedding call. Its tokens and cost stay on its own span: they do not
// roll up into the agent (the spec's agent totals count chat calls only).
import { type Attributes, SpanKind } from '@opentelemetry/api';
import * as S from '@agentspan/semconv';
import { BaseOperation, type Outcome } from '../operation.js';
import { costOf } from '../prices/price-table.js';
import type { Runtime } from '../runtime.js';
import { normalizeUsage } from '../usage.js';
import type { EmbeddingsOperation, EmbeddingsResult, EmbeddingsStart } from '../types.js';

export class EmbeddingsOp extends BaseOperation<EmbeddingsResult> implements EmbeddingsOperation {
  readonly kind = 'embeddings';
  private readonly provider: string;
  private readonly requestModel: string | undefined;

  constructor(rt: Runtime, o: EmbeddingsStart) {
    const attributes: Attributes = {
      [S.ATTR_GEN_AI_OPERATION_NAME]: S.GEN_AI_OPERATIONS.embeddings,
      [S.ATTR_GEN_AI_PROVIDER_NAME]: o.provider,
    };
    if (o.requestModel) attributes[S.ATTR_GEN_AI_REQUEST_MODEL] = o.requestModel;
    if (o.framework) attributes[S.ATTR_AGENTSPAN_FRAMEWORK_NAME] = o.framework;
    super(rt, S.inferenceSpanName(S.GEN_AI_OPERATIONS.embeddings, o.requestModel), SpanKind.CLIENT, o, attributes);
    this.provider = o.provider;
    this.requestModel = o.requestModel;
  }

  protected onEnd(result: EmbeddingsResult | undefined): void {
    if (!result) return;
    const attributes: Attributes = {};
    if (result.responseModel) attributes[S.ATTR_GEN_AI_RESPONSE_MODEL] = result.responseModel;
    if (result.dimensions !== undefined) attributes[S.ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT] = result.dimensions;
    const usage = result.usage === undefined ? undefined : normalizeUsage(result.usage);
    if (usage?.inputTokens !== undefined) {
      attributes[S.ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.inputTokens;
      const cost = costOf(usage, this.rt.prices.lookup(result.responseModel ?? this.requestModel));
      if (cost !== undefined) attributes[S.ATTR_AGENTSPAN_COST_USD] = cost;
    }
    this.span.setAttributes(attributes);
  }

  protected onFinish(durationS: number, outcome: Outcome): void {
    this.rt.metrics.embeddings(this.provider, this.requestModel, durationS, outcome.errorType);
  }
}
