// OTLP/HTTP responses: ExportTraceServiceResponse on success, google.rpc.Status on failure,
// each in the request's encoding.
import type { ServerResponse } from 'node:http';

export type OtlpEncoding = 'json' | 'protobuf';

export const CONTENT_TYPE = { json: 'application/json', protobuf: 'application/x-protobuf' } as const;

/** gRPC codes for the Status body: INVALID_ARGUMENT, RESOURCE_EXHAUSTED, UNAUTHENTICATED… */
const GRPC_CODE: Record<number, number> = { 400: 3, 401: 16, 408: 4, 413: 8, 415: 3, 500: 13, 503: 14 };

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

/** google.rpc.Status { int32 code = 1; string message = 2; } */
export function encodeStatusProto(code: number, message: string): Buffer {
  const text = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from([0x08, ...varint(code), 0x12, ...varint(text.length)]), text]);
}

export function sendExportSuccess(res: ServerResponse, encoding: OtlpEncoding): void {
  // An empty Export*ServiceResponse: everything was accepted (no partial_success).
  const body = encoding === 'json' ? Buffer.from('{}') : Buffer.alloc(0);
  res.writeHead(200, { 'content-type': CONTENT_TYPE[encoding], 'content-length': body.length });
  res.end(body);
}

export function sendExportFailure(
  res: ServerResponse,
  encoding: OtlpEncoding,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  const code = GRPC_CODE[status] ?? 2;
  const body =
    encoding === 'json' ? Buffer.from(JSON.stringify({ code, message })) : encodeStatusProto(code, message);
  res.writeHead(status, { 'content-type': CONTENT_TYPE[encoding], 'content-length': body.length, ...headers });
  res.end(body);
}
