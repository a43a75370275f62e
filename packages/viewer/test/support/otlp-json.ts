// Hand-made OTLP/JSON payloads for the receiver's edge cases (real exporters cover the happy path).
import { randomBytes } from 'node:crypto';

export type Attr = string | number | boolean | string[];

export interface SpanSpec {
  traceId: string;
  spanId?: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startMs: number;
  durationMs?: number;
  attributes?: Record<string, Attr>;
  status?: { code: number; message?: string };
}

export const traceId = (): string => randomBytes(16).toString('hex');
export const spanId = (): string => randomBytes(8).toString('hex');

function anyValue(value: Attr): Record<string, unknown> {
  if (Array.isArray(value)) return { arrayValue: { values: value.map((v) => ({ stringValue: v })) } };
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
}

const nanos = (ms: number): string => (BigInt(Math.round(ms * 1000)) * 1000n).toString();

export function otlpSpan(spec: SpanSpec): Record<string, unknown> {
  return {
    traceId: spec.traceId,
    spanId: spec.spanId ?? spanId(),
    parentSpanId: spec.parentSpanId ?? '',
    name: spec.name,
    kind: spec.kind ?? 1,
    startTimeUnixNano: nanos(spec.startMs),
    endTimeUnixNano: nanos(spec.startMs + (spec.durationMs ?? 10)),
    attributes: Object.entries(spec.attributes ?? {}).map(([key, value]) => ({ key, value: anyValue(value) })),
    status: spec.status ?? { code: 0 },
    events: [],
  };
}

export function otlpRequest(spans: SpanSpec[], service = 'viewer-test'): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ scope: { name: 'test', version: '1.0.0' }, spans: spans.map(otlpSpan) }],
      },
    ],
  });
}
