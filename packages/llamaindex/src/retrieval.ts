// Retrieval → retrieval spans. BaseRetriever.retrieve is patched (not the retrieve-start /
// retrieve-end events): every index retriever and the query engines that call it pass
// here, the span is active while the query is embedded (the embeddings span nests), and a
// failing retrieval, which sends no end event, still ends its span.
import type { RetrievalOperation, RetrievalResult, RetrievedDocument } from '@agentspan/core';
import { callWithin, type Patcher, reportInternal, safely } from '@agentspan/core';
import { BaseRetriever } from '@llamaindex/core/retriever';
import { MetadataMode, type NodeWithScore } from '@llamaindex/core/schema';
import { FRAMEWORK, activeTracing } from './active.js';
import { dataSourceIdOf, topKOf } from './data-sources.js';
import { queryText } from './messages.js';

type Retrieve = (this: unknown, params: unknown) => unknown;

function toDocument(item: NodeWithScore): RetrievedDocument {
  const node = item.node;
  return {
    id: node.id_,
    score: item.score,
    content: safely('node content', () => node.getContent(MetadataMode.NONE), undefined),
    metadata: node.metadata,
  };
}

/** The documents found: their count (content capture off), also the documents (on). */
function countOf(nodes: unknown): RetrievalResult {
  return Array.isArray(nodes) ? { count: nodes.length } : {};
}
function documentsOf(nodes: unknown): RetrievalResult {
  if (!Array.isArray(nodes)) return {};
  const list = nodes as NodeWithScore[];
  return { count: list.length, documents: () => list.map(toDocument) };
}

export function patchRetrieval(patcher: Patcher): void {
  patcher.method(BaseRetriever.prototype, 'retrieve', (original) => {
    const retrieve = original as unknown as Retrieve;
    return function tracedRetrieve(this: BaseRetriever, params: unknown) {
      const tracing = activeTracing();
      if (!tracing) return retrieve.call(this, params);
      const { agentspan } = tracing;
      const capture = agentspan.captureContent;
      let op: RetrievalOperation;
      try {
        op = agentspan.startRetrieval({
          dataSourceId: dataSourceIdOf(this, tracing.dataSourceId),
          topK: topKOf(this),
          framework: FRAMEWORK,
          query: capture ? () => queryText(params) : undefined,
        });
      } catch (error) {
        reportInternal('retrieval start', error);
        return retrieve.call(this, params);
      }
      return callWithin(op, retrieve, this, [params], capture ? documentsOf : countOf);
    };
  });
}
