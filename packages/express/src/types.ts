// The shapes of Express's request, response and handlers that this package relies on,
// written against node:http so that Express 4 and 5 (and their typings) both fit.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ExpressRequestLike extends IncomingMessage {
  /** Set by Express's router once a route matched. */
  route?: { path?: unknown } | undefined;
  /** The mount path of the router that matched. */
  baseUrl?: string | undefined;
}

export type NextFunction = (error?: unknown) => void;

export type Middleware = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

export type ErrorMiddleware = (error: unknown, req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;
