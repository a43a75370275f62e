// POST /v1/logs: the gen_ai.evaluation.result records (scores, user feedback) are stored
// against their trace and span; other log records are acknowledged and dropped.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DecodedLogs, decodeJsonLogs, decodeProtoLogs } from './decode-logs.js';
import { PayloadError } from './ingest-span.js';
import type { OtherSignals } from './other-signals.js';
import { sendExportFailure, sendExportSuccess } from './otlp-response.js';
import { bodyOrAnswer, encodingOf, type ReceiveLimits, unsupportedType } from './receiver.js';
import { Slicer } from './slicer.js';
import type { TraceStore } from './store.js';

export async function receiveLogs(
  req: IncomingMessage,
  res: ServerResponse,
  store: TraceStore,
  others: OtherSignals,
  limits: ReceiveLimits,
): Promise<void> {
  const encoding = encodingOf(req);
  if (encoding === null) {
    unsupportedType(req, res);
    return;
  }
  const body = await bodyOrAnswer(req, res, encoding, limits);
  if (body === null) return;
  let decoded: DecodedLogs;
  try {
    const slicer = new Slicer();
    decoded = encoding === 'json' ? await decodeJsonLogs(body, slicer) : await decodeProtoLogs(body, slicer);
  } catch (error) {
    const message = error instanceof PayloadError ? error.message : 'the payload could not be decoded';
    sendExportFailure(res, encoding, 400, message);
    return;
  }
  if (decoded.evaluations.length > 0) {
    if (store.busy) {
      sendExportFailure(res, encoding, 503, 'the viewer is busy writing earlier payloads; retry', { 'retry-after': '1' });
      return;
    }
    await store.ingestEvaluations(decoded.evaluations);
  }
  if (decoded.others > 0 || decoded.evaluations.length === 0) others.tell('logs');
  sendExportSuccess(res, encoding);
}
