// POST /v1/traces: decode the whole payload first, then store it in one transaction.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJsonRequest } from './decode-json.js';
import { decodeProtoRequest } from './decode-proto.js';
import { type IngestSpan, PayloadError } from './ingest-span.js';
import { CONTENT_TYPE, type OtlpEncoding, sendExportFailure, sendExportSuccess } from './otlp-response.js';
import { BodyError, readBody } from './read-body.js';
import type { TraceStore } from './store.js';

export function encodingOf(req: IncomingMessage): OtlpEncoding | null {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (type === CONTENT_TYPE.json) return 'json';
  if (type === CONTENT_TYPE.protobuf || type === 'application/protobuf') return 'protobuf';
  return null;
}

export async function receiveTraces(
  req: IncomingMessage,
  res: ServerResponse,
  store: TraceStore,
  maxBodyBytes: number,
): Promise<void> {
  const encoding = encodingOf(req);
  if (encoding === null) {
    req.resume();
    sendExportFailure(
      res,
      'json',
      415,
      `unsupported Content-Type "${req.headers['content-type'] ?? ''}": use application/json or application/x-protobuf`,
    );
    return;
  }
  let spans: IngestSpan[];
  try {
    const body = await readBody(req, maxBodyBytes);
    spans = encoding === 'json' ? decodeJsonRequest(body) : decodeProtoRequest(body);
  } catch (error) {
    if (error instanceof BodyError) {
      // Stop reading an oversized upload: answer, then close the connection.
      const headers: Record<string, string> = error.status === 413 ? { connection: 'close' } : {};
      if (error.status === 413) req.resume();
      sendExportFailure(res, encoding, error.status, error.message, headers);
      return;
    }
    if (error instanceof PayloadError) {
      sendExportFailure(res, encoding, 400, error.message);
      return;
    }
    throw error;
  }
  store.ingest(spans);
  sendExportSuccess(res, encoding);
}
