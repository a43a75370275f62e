// Retrieved LangChain documents as the core's RetrievedDocument (content capture).
import type { RetrievedDocument } from '@agentspan/core';
import type { DocumentInterface } from '@langchain/core/documents';
import { isBag, numberOf, stringOf } from './values.js';

export function toRetrievedDocument(doc: DocumentInterface): RetrievedDocument {
  const metadata = isBag(doc.metadata) ? doc.metadata : {};
  const out: RetrievedDocument = { content: doc.pageContent };
  const id = stringOf(doc.id) ?? stringOf(metadata.id);
  if (id) out.id = id;
  const score = numberOf(metadata.score) ?? numberOf(metadata.relevance_score);
  if (score !== undefined) out.score = score;
  return out;
}
