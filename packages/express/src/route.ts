// The route template of an Express request (`/orders/:id`), once the router matched one.
import type { ExpressRequestLike } from './types.js';

export function routeOf(req: ExpressRequestLike): string | undefined {
  const path = req.route?.path;
  if (typeof path !== 'string') return undefined;
  const base = typeof req.baseUrl === 'string' ? req.baseUrl : '';
  return base + path || '/';
}
