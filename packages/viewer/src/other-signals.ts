// POST /v1/metrics (and the log records of /v1/logs that are no evaluation): the viewer keeps
// traces and evaluations only. An SDK pointed at it with OTEL_METRICS_EXPORTER=otlp must not
// get a 404 it hides, so metrics are read, checked as OTLP and acknowledged (200), their
// content dropped, and the first time each signal is dropped says so once on stderr.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PayloadError } from './ingest-span.js';
import { parseJsonSliced } from './json-sliced.js';
import { sendExportFailure, sendExportSuccess } from './otlp-response.js';
import { ProtoReader } from './proto-reader.js';
import { bodyOrAnswer, encodingOf, type ReceiveLimits, unsupportedType } from './receiver.js';
import { Slicer } from './slicer.js';

export type OtherSignal = 'metrics' | 'logs';

const ADVICE: Record<OtherSignal, string> = {
  metrics: 'send metrics to a collector or Prometheus, or set OTEL_METRICS_EXPORTER=none',
  logs: 'send other logs to a collector',
};

export function droppedNotice(signal: OtherSignal): string {
  const what = signal === 'logs' ? 'logs other than gen_ai.evaluation.result' : signal;
  return `agentspan viewer: OTLP ${what} received on /v1/${signal} are accepted and dropped (the viewer stores traces and evaluations only; ${ADVICE[signal]})`;
}

/** Checks that the body is an OTLP message in its encoding, without interpreting it. */
async function check(body: Buffer, encoding: 'json' | 'protobuf'): Promise<void> {
  const slicer = new Slicer();
  if (encoding === 'json') {
    const value = await parseJsonSliced(body, slicer, 256);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new PayloadError('the request must be a JSON object');
    }
    return;
  }
  const r = new ProtoReader(body);
  while (!r.done) {
    if (slicer.due()) await slicer.pause();
    r.skip(r.tag()[1]);
  }
}

export class OtherSignals {
  private readonly told = new Set<OtherSignal>();
  /** Requests acknowledged and dropped, per signal. */
  readonly dropped: Record<OtherSignal, number> = { metrics: 0, logs: 0 };

  constructor(private readonly log: (line: string) => void) {}

  async receive(req: IncomingMessage, res: ServerResponse, signal: OtherSignal, limits: ReceiveLimits): Promise<void> {
    const encoding = encodingOf(req);
    if (encoding === null) {
      unsupportedType(req, res);
      return;
    }
    const body = await bodyOrAnswer(req, res, encoding, limits);
    if (body === null) return;
    try {
      await check(body, encoding);
    } catch (error) {
      const message = error instanceof PayloadError ? error.message : 'the payload could not be decoded';
      sendExportFailure(res, encoding, 400, message);
      return;
    }
    this.tell(signal);
    sendExportSuccess(res, encoding);
  }

  /** Counts a dropped request; the first of each signal says so on stderr. */
  tell(signal: OtherSignal): void {
    this.dropped[signal] += 1;
    if (!this.told.has(signal)) {
      this.told.add(signal);
      this.log(droppedNotice(signal));
    }
  }
}
