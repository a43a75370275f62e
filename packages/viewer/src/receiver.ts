// POST /v1/traces: decode the whole payload first (in slices), then store it in one
// transaction. Every input the decoder cannot read is a 400; nothing of it is stored.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJsonRequest } from './decode-json.js';
import { decodeProtoRequest } from './decode-proto.js';
import { type IngestSpan, PayloadError } from './ingest-span.js';
import { CONTENT_TYPE, type OtlpEncoding, sendExportFailure, sendExportSuccess } from './otlp-response.js';
import { BodyError, readBody } from './read-body.js';
import { Slicer } from './slicer.js';
import type { TraceStore } from './store.js';

export interface ReceiveLimits {
  maxBodyBytes: number;
  bodyTimeoutMs: number;
}

export function encodingOf(req: IncomingMessage): OtlpEncoding | null {
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (type === CONTENT_TYPE.json) return 'json';
  if (type === CONTENT_TYPE.protobuf || type === 'application/protobuf') return 'protobuf';
  return null;
}

export function unsupportedType(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  sendExportFailure(
    res,
    'json',
    415,
    `unsupported Content-Type "${String(req.headers['content-type'] ?? '').slice(0, 100)}": use application/json or application/x-protobuf`,
  );
}

/** The body, or null when an error answer was sent (413, 415, 400, 408). */
export async function bodyOrAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  encoding: OtlpEncoding,
  limits: ReceiveLimits,
): Promise<Buffer | null> {
  try {
    return await readBody(req, limits.maxBodyBytes, limits.bodyTimeoutMs);
  } catch (error) {
    if (!(error instanceof BodyError)) throw error;
    if (error.status === 413 || error.status === 408) {
      // Stop reading an oversized or stalled upload: answer, then close the connection.
      req.resume();
      res.once('finish', () => req.socket.destroy());
      sendExportFailure(res, encoding, error.status, error.message, { connection: 'close' });
    } else sendExportFailure(res, encoding, error.status, error.message);
    return null;
  }
}

export type PayloadDecoder<T> = (body: Buffer, slicer: Slicer) => Promise<T>;

/**
 * An OTLP request's decoded payload with its encoding, or null when an error answer was sent
 * (415, 413, 408, 400). Anything the decoder throws is the input's fault (400), never a 500.
 */
export async function decodedOrAnswer<T>(
  req: IncomingMessage,
  res: ServerResponse,
  limits: ReceiveLimits,
  decoders: Record<OtlpEncoding, PayloadDecoder<T>>,
): Promise<{ encoding: OtlpEncoding; payload: T } | null> {
  const encoding = encodingOf(req);
  if (encoding === null) {
    unsupportedType(req, res);
    return null;
  }
  const body = await bodyOrAnswer(req, res, encoding, limits);
  if (body === null) return null;
  try {
    return { encoding, payload: await decoders[encoding](body, new Slicer()) };
  } catch (error) {
    const message =
      error instanceof PayloadError ? error.message : `the payload could not be decoded: ${error instanceof Error ? error.message : String(error)}`;
    sendExportFailure(res, encoding, 400, message);
    return null;
  }
}

/** Tells an exporter to retry later when the writer is behind; true when it was told. */
export function answeredBusy(res: ServerResponse, encoding: OtlpEncoding, store: TraceStore): boolean {
  if (!store.busy) return false;
  // OTLP exporters retry a 503 after Retry-After: nothing is lost, the writer catches up.
  sendExportFailure(res, encoding, 503, 'the viewer is busy writing earlier payloads; retry', { 'retry-after': '1' });
  return true;
}

const TRACE_DECODERS: Record<OtlpEncoding, PayloadDecoder<IngestSpan[]>> = { json: decodeJsonRequest, protobuf: decodeProtoRequest };

export async function receiveTraces(
  req: IncomingMessage,
  res: ServerResponse,
  store: TraceStore,
  limits: ReceiveLimits,
): Promise<void> {
  const decoded = await decodedOrAnswer(req, res, limits, TRACE_DECODERS);
  if (decoded === null || answeredBusy(res, decoded.encoding, store)) return;
  await store.ingest(decoded.payload);
  sendExportSuccess(res, decoded.encoding);
}
