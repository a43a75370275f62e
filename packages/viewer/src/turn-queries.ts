// Reads for the turn list and a turn's page.
import type { DatabaseSync } from 'node:sqlite';
import type { Span, Turn, TurnDetail, TurnList } from './api-types.js';
import { rowToSpan, treeOrder } from './span-rows.js';
import { Where } from './sql-where.js';

export interface TurnFilter {
  agent?: string;
  conversation?: string;
  user?: string;
  model?: string;
  errorsOnly?: boolean;
  fromMs?: number;
  toMs?: number;
  limit: number;
  offset: number;
}

function whereClause(filter: TurnFilter): Where {
  const where = new Where()
    .when('agent_name = ?', filter.agent)
    .when('conversation_id = ?', filter.conversation)
    .when('user_id = ?', filter.user)
    .when('EXISTS (SELECT 1 FROM json_each(turns.models) WHERE value = ?)', filter.model)
    .range('start_ms', filter.fromMs, filter.toMs);
  return filter.errorsOnly === true ? where.always('has_error = 1') : where;
}

function storedJson(value: unknown): string {
  if (typeof value !== 'string') throw new Error('corrupt turn row');
  return value;
}

/**
 * The turn list as a JSON text (a TurnList): the turns are stored as API JSON, so a page of
 * 10,000 turns is joined, not parsed and re-serialised.
 */
export function listTurnsJson(db: DatabaseSync, filter: TurnFilter): string {
  const { sql, params } = whereClause(filter);
  const rows = db
    .prepare(`SELECT turn FROM turns ${sql} ORDER BY start_ms DESC, trace_id LIMIT ? OFFSET ?`)
    .all(...params, filter.limit, filter.offset);
  const count = db.prepare(`SELECT count(*) AS n FROM turns ${sql}`).get(...params);
  return `{"turns":[${rows.map((r) => storedJson(r.turn)).join(',')}],"total":${Number(count?.n ?? 0)}}`;
}

export function listTurns(db: DatabaseSync, filter: TurnFilter): TurnList {
  return JSON.parse(listTurnsJson(db, filter)) as TurnList;
}

export function getTurn(db: DatabaseSync, traceId: string): TurnDetail | null {
  const row = db.prepare('SELECT turn FROM turns WHERE trace_id = ?').get(traceId);
  if (row === undefined) return null;
  const spans: Span[] = db
    .prepare('SELECT * FROM spans WHERE trace_id = ? ORDER BY start_ms, end_ms DESC')
    .all(traceId)
    .map(rowToSpan);
  return { turn: JSON.parse(storedJson(row.turn)) as Turn, spans: treeOrder(spans) };
}
