// Records a handler's error on the request's server span and passes it on unchanged.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getHttpRequestTrace } from '@agentspan/core';
import type { ErrorMiddleware, NextFunction } from './types.js';

/** Register after the routes: `app.use(agentspanErrorHandler())`. It never answers the request itself. */
export function agentspanErrorHandler(): ErrorMiddleware {
  return function agentspanErrorMiddleware(error: unknown, req: IncomingMessage, _res: ServerResponse, next: NextFunction): void {
    try {
      getHttpRequestTrace(req)?.recordError(error);
    } catch {
      // recordError never throws; this guard keeps even a broken core from touching the response
    }
    next(error);
  };
}
