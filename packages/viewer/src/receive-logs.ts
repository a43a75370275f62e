// POST /v1/logs: the gen_ai.evaluation.result records (scores, user feedback) are stored
// against their trace and span; other log records are acknowledged and dropped.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DecodedLogs, decodeJsonLogs, decodeProtoLogs } from './decode-logs.js';
import type { OtherSignals } from './other-signals.js';
import { type OtlpEncoding, sendExportSuccess } from './otlp-response.js';
import { type PayloadDecoder, type ReceiveLimits, answeredBusy, decodedOrAnswer } from './receiver.js';
import type { TraceStore } from './store.js';

const LOG_DECODERS: Record<OtlpEncoding, PayloadDecoder<DecodedLogs>> = { json: decodeJsonLogs, protobuf: decodeProtoLogs };

export async function receiveLogs(
  req: IncomingMessage,
  res: ServerResponse,
  store: TraceStore,
  others: OtherSignals,
  limits: ReceiveLimits,
): Promise<void> {
  const received = await decodedOrAnswer(req, res, limits, LOG_DECODERS);
  if (received === null) return;
  const { encoding, payload: decoded } = received;
  if (decoded.evaluations.length > 0) {
    if (answeredBusy(res, encoding, store)) return;
    await store.ingestEvaluations(decoded.evaluations);
  }
  if (decoded.others > 0 || decoded.evaluations.length === 0) others.tell('logs');
  sendExportSuccess(res, encoding);
}
