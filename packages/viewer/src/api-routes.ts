// GET /api/*: the JSON API the web UI reads.
import type { ServerResponse } from 'node:http';
import { QueryError, timeParam, trendFilter, turnFilter } from './api-query.js';
import type { TraceStore } from './store.js';

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  sendJsonText(res, status, JSON.stringify(value));
}

export function sendJsonText(res: ServerResponse, status: number, json: string): void {
  const body = Buffer.from(json);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': body.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

const TRACE_PATH = /^\/api\/turns\/([0-9a-fA-F]{32})$/;
const CONVERSATION_PREFIX = '/api/conversations/';

function conversationId(path: string): string | null {
  try {
    const id = decodeURIComponent(path.slice(CONVERSATION_PREFIX.length));
    return id === '' ? null : id;
  } catch {
    return null;
  }
}

/** Answers an /api/ request; returns false for an unknown path. */
export async function handleApi(res: ServerResponse, url: URL, store: TraceStore): Promise<boolean> {
  try {
    const path = url.pathname;
    const params = url.searchParams;
    if (path === '/api/turns') {
      sendJson(res, 200, await store.listTurns(turnFilter(params)));
      return true;
    }
    const match = TRACE_PATH.exec(path);
    if (match !== null) {
      const detail = await store.getTurn((match[1] as string).toLowerCase());
      if (detail === null) sendJson(res, 404, { error: 'unknown trace id' });
      else sendJson(res, 200, detail);
      return true;
    }
    if (path.startsWith('/api/turns/')) {
      sendJson(res, 404, { error: 'unknown trace id (expected 32 hex digits)' });
      return true;
    }
    if (path.startsWith(CONVERSATION_PREFIX)) {
      const id = conversationId(path);
      const conversation = id === null ? null : await store.getConversation(id);
      if (conversation === null) sendJson(res, 404, { error: 'no turn of this conversation is stored' });
      else sendJson(res, 200, conversation);
      return true;
    }
    if (path === '/api/trends') {
      sendJson(res, 200, await store.trends(trendFilter(params)));
      return true;
    }
    if (path === '/api/totals') {
      sendJson(res, 200, await store.totals(timeParam(params, 'from'), timeParam(params, 'to')));
      return true;
    }
    if (path === '/api/facets') {
      sendJson(res, 200, await store.facets());
      return true;
    }
    return false;
  } catch (error) {
    if (error instanceof QueryError) {
      sendJson(res, 400, { error: error.message });
      return true;
    }
    throw error;
  }
}
