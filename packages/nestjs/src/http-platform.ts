// The raw Node request/response and the route template, whichever HTTP platform Nest
// runs on (Express: the objects are Node's; Fastify: they wrap them in `.raw`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ExecutionContext } from '@nestjs/common';

interface PlatformRequest {
  raw?: IncomingMessage;
  /** Express, once routed. */
  route?: { path?: unknown };
  baseUrl?: string;
  /** Fastify. */
  routeOptions?: { url?: unknown };
}
interface PlatformResponse {
  raw?: ServerResponse;
}

export interface HttpExchange {
  /** The request object Nest hands to handlers (also used as the trace's key). */
  request: object;
  raw: IncomingMessage;
  response: ServerResponse;
}

export function httpExchange(ctx: ExecutionContext): HttpExchange | undefined {
  if (ctx.getType() !== 'http') return undefined;
  // The HTTP arguments are [request, response, next]: read directly, as switchToHttp() would,
  // without the object and three closures it makes on each call.
  const request = ctx.getArgByIndex<(PlatformRequest & object) | undefined>(0);
  const response = ctx.getArgByIndex<(PlatformResponse & object) | undefined>(1);
  if (!request || !response) return undefined;
  const raw = (request.raw ?? request) as IncomingMessage;
  const res = (response.raw ?? response) as ServerResponse;
  if (typeof raw.headers !== 'object' || typeof res.once !== 'function') return undefined;
  return { request, raw, response: res };
}

export function routeOf(request: object): string | undefined {
  const r = request as PlatformRequest;
  const fastify = r.routeOptions?.url;
  if (typeof fastify === 'string') return fastify;
  const path = r.route?.path;
  if (typeof path !== 'string') return undefined;
  return (typeof r.baseUrl === 'string' ? r.baseUrl : '') + path || '/';
}
