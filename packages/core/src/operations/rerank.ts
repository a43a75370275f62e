// rerank: an operation the conventions do not name; it uses its own operation value.
import { type Attributes, SpanKind } from '@opentelemetry/api';
import * as S from '@agentspan/semconv';
import { BaseOperation, type Outcome } from '../operation.js';
import type { Runtime } from '../runtime.js';
import { normalizeUsage } from '../usage.js';
import type { RerankOperation, RerankResult, RerankStart } from '../types.js';

export class RerankOp extends BaseOperation<RerankResult> implements RerankOperation {
  readonly kind = 'rerank';

  constructor(rt: Runtime, o: RerankStart) {
    const attributes: Attributes = { [S.ATTR_GEN_AI_OPERATION_NAME]: S.GEN_AI_OPERATIONS.rerank };
    if (o.provider) attributes[S.ATTR_GEN_AI_PROVIDER_NAME] = o.provider;
    if (o.requestModel) attributes[S.ATTR_GEN_AI_REQUEST_MODEL] = o.requestModel;
    if (o.topN !== undefined) attributes[S.ATTR_AGENTSPAN_RERANK_TOP_N] = o.topN;
    if (o.documentCount !== undefined) attributes[S.ATTR_AGENTSPAN_RERANK_DOCUMENT_COUNT] = o.documentCount;
    if (o.framework) attributes[S.ATTR_AGENTSPAN_FRAMEWORK_NAME] = o.framework;
    super(rt, S.rerankSpanName(o.requestModel), SpanKind.CLIENT, o, attributes);
  }

  protected onEnd(result: RerankResult | undefined): void {
    if (!result) return;
    const attributes: Attributes = {};
    if (result.responseModel) attributes[S.ATTR_GEN_AI_RESPONSE_MODEL] = result.responseModel;
    const usage = result.usage === undefined ? undefined : normalizeUsage(result.usage);
    if (usage?.inputTokens !== undefined) attributes[S.ATTR_GEN_AI_USAGE_INPUT_TOKENS] = usage.inputTokens;
    this.span.setAttributes(attributes);
  }

  protected onFinish(_durationS: number, _outcome: Outcome): void {}
}
