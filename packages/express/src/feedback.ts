// agentspanFeedback(): the route a web page posts thumbs up / down, a score or a comment to,
// naming the turn it rates by the ids the turn's response handed out (`traceresponse`).
// Works with or without express.json() before it (it reads the body itself when nobody did).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FeedbackReply, FeedbackRoute, type FeedbackRouteOptions, type JsonBody, MAX_FEEDBACK_BODY_BYTES, readJsonBody } from '@agentspan/core';
import { diag } from '@opentelemetry/api';
import type { NextFunction } from './types.js';

export type AgentspanFeedbackOptions = FeedbackRouteOptions<IncomingMessage>;

/**
 * The body a body parser read already (express.json(), or text / raw holding JSON); undefined
 * when nobody read the request (express.json() leaves `{}` on requests it did not parse).
 */
function parsedBody(req: IncomingMessage): JsonBody | undefined {
  if (!req.readableEnded && !req.complete) return undefined;
  const body = (req as { body?: unknown }).body;
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return { ok: true, value: body };
  try {
    return { ok: true, value: JSON.parse(body.toString()) };
  } catch {
    return { ok: false, status: 400, error: 'invalid_json', message: 'the body is not valid JSON' };
  }
}

function send(res: ServerResponse, reply: FeedbackReply): void {
  if (res.headersSent) return;
  const payload = JSON.stringify(reply.body);
  res.statusCode = reply.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(payload));
  res.end(payload);
}

/**
 * The feedback route's handler: `app.post('/feedback', agentspanFeedback())`. Answers 202
 * with the rated turn's ids, 400 for a bad body (the message says which field), 413, 415,
 * 403 when `authorize` refuses. Throws AgentspanConfigError on bad options.
 */
export function agentspanFeedback(options: AgentspanFeedbackOptions = {}): (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void {
  const route = new FeedbackRoute<IncomingMessage>(options);
  return function agentspanFeedbackHandler(req, res) {
    const parsed = parsedBody(req);
    const body = parsed ? Promise.resolve(parsed) : readJsonBody(req, MAX_FEEDBACK_BODY_BYTES);
    body
      .then((b) => (b.ok ? route.handle(req, b.value) : { status: b.status, body: { error: b.error, message: b.message } }))
      .then(
        (reply) => send(res, reply),
        (error: unknown) => {
          diag.error('agentspan: feedback route failed', error);
          send(res, { status: 500, body: { error: 'internal_error', message: 'the feedback could not be recorded' } });
        },
      );
  };
}
