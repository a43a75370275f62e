// Retrieval in the AI SDK's idiom: the SDK has no retriever, so applications write a
// function (often a tool's execute). tracedRetrieval wraps it so each call is a retrieval
// span under the current agent or tool, with data source id, top_k and document count.
import { type Agentspan, type KeyList, type RetrievedDocument, checkOptionKeys, getAgentspan } from '@agentspan/core';
import { listOf, queryOf, toDocument } from './records.js';
import { FRAMEWORK } from './run-tracker.js';

export interface TracedRetrievalOptions<A extends unknown[], R> {
  /** `gen_ai.data_source.id`: the knowledge base, index or collection. */
  dataSourceId?: string;
  /** `gen_ai.retrieval.top_k`: how many documents were asked for. */
  topK?: number | ((...args: A) => number | undefined);
  /** Provider and model of the retrieval service, when it has them. */
  provider?: string;
  requestModel?: string;
  /** Query text (captured only with content capture). Default: a first string argument, or its `query`. */
  query?: (...args: A) => string | undefined;
  /** The documents of a result. Default: the result if it is a list, else its `documents` / `results` / `items`. */
  documents?: (result: R) => readonly RetrievedDocument[] | undefined;
  agentspan?: Agentspan;
}

const OPTION_KEYS: KeyList<TracedRetrievalOptions<unknown[], unknown>> = {
  dataSourceId: true,
  topK: true,
  provider: true,
  requestModel: true,
  query: true,
  documents: true,
  agentspan: true,
};

/** Wraps a retrieval function so that every call is traced as a retrieval span; arguments, result and errors pass through unchanged. */
export function tracedRetrieval<A extends unknown[], R>(
  retrieve: (...args: A) => Promise<R>,
  options: TracedRetrievalOptions<A, R> = {},
): (...args: A) => Promise<R> {
  checkOptionKeys('@agentspan/ai-sdk tracedRetrieval', options, OPTION_KEYS);
  const as = options.agentspan ?? getAgentspan();
  return function traced(this: unknown, ...args: A): Promise<R> {
    let topK: number | undefined;
    try {
      topK = typeof options.topK === 'function' ? options.topK(...args) : options.topK;
    } catch {
      topK = undefined;
    }
    return as.retrieval(
      {
        dataSourceId: options.dataSourceId,
        topK,
        provider: options.provider,
        requestModel: options.requestModel,
        framework: FRAMEWORK,
        query: () => (options.query ? options.query(...args) : queryOf(args)) ?? '',
      },
      () => retrieve.apply(this, args),
      (result) => {
        const documents = options.documents
          ? options.documents(result)
          : listOf(result)?.map(toDocument);
        return { count: documents?.length, documents };
      },
    );
  };
}
