// Every read the API makes, by name: run on the main thread (an in-memory store) or in a read
// worker (a file store; see readers.ts). Each takes the connection and one argument.
import type { DatabaseSync } from 'node:sqlite';
import { getConversation } from './conversation-queries.js';
import { facets, totals } from './totals-queries.js';
import { type TrendFilter, trends } from './trends-queries.js';
import { getTurn, listTurns, type TurnFilter } from './turn-queries.js';

export const READS = {
  listTurns: (db: DatabaseSync, filter: TurnFilter) => listTurns(db, filter),
  getTurn: (db: DatabaseSync, traceId: string) => getTurn(db, traceId),
  getConversation: (db: DatabaseSync, conversationId: string) => getConversation(db, conversationId),
  totals: (db: DatabaseSync, range: { fromMs?: number; toMs?: number }) => totals(db, range.fromMs, range.toMs),
  trends: (db: DatabaseSync, query: { filter: TrendFilter; now: number }) => trends(db, query.filter, query.now),
  facets: (db: DatabaseSync, _: null) => facets(db),
};

export type ReadName = keyof typeof READS;
export type ReadArg<N extends ReadName> = Parameters<(typeof READS)[N]>[1];
export type ReadResult<N extends ReadName> = ReturnType<(typeof READS)[N]>;

/** A read's request and answer between the main thread and a read worker. */
export interface ReadRequest {
  id: number;
  name: ReadName;
  arg: unknown;
}
export type ReadAnswer = { id: number; result: unknown } | { id: number; error: string };
