// retrieval: a query against a data source (vector store, search index, retriever).
import { type Attributes, SpanKind } from '@opentelemetry/api';
import * as S from '@agentspan/semconv';
import { BaseOperation, type Outcome } from '../operation.js';
import type { Runtime } from '../runtime.js';
import type { RetrievalOperation, RetrievalResult, RetrievalStart, RetrievedDocument } from '../types.js';

export class RetrievalOp extends BaseOperation<RetrievalResult> implements RetrievalOperation {
  readonly kind = 'retrieval';

  constructor(rt: Runtime, o: RetrievalStart) {
    const attributes: Attributes = { [S.ATTR_GEN_AI_OPERATION_NAME]: S.GEN_AI_OPERATIONS.retrieval };
    if (o.dataSourceId) attributes[S.ATTR_GEN_AI_DATA_SOURCE_ID] = o.dataSourceId;
    if (o.topK !== undefined) attributes[S.ATTR_GEN_AI_RETRIEVAL_TOP_K] = o.topK;
    if (o.provider) attributes[S.ATTR_GEN_AI_PROVIDER_NAME] = o.provider;
    if (o.requestModel) attributes[S.ATTR_GEN_AI_REQUEST_MODEL] = o.requestModel;
    if (o.framework) attributes[S.ATTR_AGENTSPAN_FRAMEWORK_NAME] = o.framework;
    rt.content.text(attributes, S.ATTR_GEN_AI_RETRIEVAL_QUERY_TEXT, o.query);
    super(rt, S.retrievalSpanName(o.dataSourceId), SpanKind.CLIENT, o, attributes);
  }

  protected onEnd(result: RetrievalResult | undefined): void {
    if (!result) return;
    // A lazy list is made only when it is captured or is the only way to count.
    let documents: readonly RetrievedDocument[] | undefined;
    const lazy = result.documents;
    if (lazy !== undefined && (this.rt.content.enabled || result.count === undefined)) {
      documents = typeof lazy === 'function' ? lazy() : lazy;
    }
    const count = result.count ?? documents?.length;
    if (count !== undefined) this.span.setAttribute(S.ATTR_AGENTSPAN_RETRIEVAL_DOCUMENT_COUNT, count);
    if (documents && this.rt.content.enabled) {
      const attributes: Attributes = {};
      this.rt.content.json(attributes, S.ATTR_GEN_AI_RETRIEVAL_DOCUMENTS, documents);
      this.span.setAttributes(attributes);
    }
  }

  protected onFinish(_durationS: number, _outcome: Outcome): void {}
}
