// GET /api/*: the JSON API the web UI reads.
import type { ServerResponse } from 'node:http';
import { QueryError, timeParam, turnFilter } from './api-query.js';
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

/** Answers an /api/ request; returns false for an unknown path. */
export function handleApi(res: ServerResponse, url: URL, store: TraceStore): boolean {
  try {
    const path = url.pathname;
    if (path === '/api/turns') {
      sendJsonText(res, 200, store.listTurnsJson(turnFilter(url.searchParams)));
      return true;
    }
    const match = TRACE_PATH.exec(path);
    if (match !== null) {
      const detail = store.getTurn((match[1] as string).toLowerCase());
      if (detail === null) sendJson(res, 404, { error: 'unknown trace id' });
      else sendJson(res, 200, detail);
      return true;
    }
    if (path.startsWith('/api/turns/')) {
      sendJson(res, 404, { error: 'unknown trace id (expected 32 hex digits)' });
      return true;
    }
    if (path === '/api/totals') {
      sendJson(res, 200, store.totals(timeParam(url.searchParams, 'from'), timeParam(url.searchParams, 'to')));
      return true;
    }
    if (path === '/api/facets') {
      sendJson(res, 200, store.facets());
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
