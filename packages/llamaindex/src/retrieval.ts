// Retrieval → retrieval spans. BaseRetriever.retrieve is patched (not the retrieve-start /
// retrieve-end events): every index retriever and the query engines that call it pass
// here, the span is active while the query is embedded (the embeddings span nests), and a
// failing retrieval, which sends no end event, still ends its span.
import type { RetrievalResult, RetrievalStart, RetrievedDocument } from '@agentspan/core';
import { guarded, type Patcher, reportInternal, safely } from '@agentspan/core';
import { BaseRetriever } from '@llamaindex/core/retriever';
import { MetadataMode, type NodeWithScore } from '@llamaindex/core/schema';
import { FRAMEWORK, activeTracing } from './active.js';
import { dataSourceIdOf, topKOf } from './data-sources.js';
import { queryText } from './messages.js';

type Retrieve = (this: BaseRetriever, params: unknown) => unknown;

function toDocument(item: NodeWithScore): RetrievedDocument {
  const node = item.node;
  return {
    id: node.id_,
    score: item.score,
    content: safely('node content', () => node.getContent(MetadataMode.NONE), undefined),
    metadata: node.metadata,
  };
}

function resultOf(nodes: unknown, capture: boolean): RetrievalResult {
  if (!Array.isArray(nodes)) return {};
  const list = nodes as NodeWithScore[];
  return { count: list.length, documents: capture ? () => list.map(toDocument) : undefined };
}

export function patchRetrieval(patcher: Patcher): void {
  patcher.method(BaseRetriever.prototype, 'retrieve', (original) => {
    const retrieve = original as unknown as Retrieve;
    return function tracedRetrieve(this: BaseRetriever, params: unknown) {
      const tracing = activeTracing();
      if (!tracing) return retrieve.call(this, params);
      let start: RetrievalStart;
      try {
        start = {
          dataSourceId: dataSourceIdOf(this, tracing.dataSourceId),
          topK: topKOf(this),
          framework: FRAMEWORK,
          query: () => queryText(params),
        };
      } catch (error) {
        reportInternal('retrieval start', error);
        return retrieve.call(this, params);
      }
      const { agentspan } = tracing;
      return guarded(
        'retrieval',
        (run) => agentspan.retrieval(start, run, (nodes) => resultOf(nodes, agentspan.captureContent)),
        () => retrieve.call(this, params),
      );
    };
  });
}
