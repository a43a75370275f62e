// A minimal OTLP/HTTP receiver for the tests: records every request (path, content type,
// body) and answers 200; spans of OTLP/JSON bodies are flattened for assertions.
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  contentType: string;
  body: Buffer;
}

export interface JsonSpan {
  name: string;
  spanId: string;
  parentSpanId?: string;
  traceId: string;
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

function read(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
function value(v: AnyValue): unknown {
  return v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.doubleValue ?? v.boolValue));
}
function attributes(list: { key: string; value: AnyValue }[] = []): Record<string, unknown> {
  return Object.fromEntries(list.map((a) => [a.key, value(a.value)]));
}

export async function startReceiver() {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    received.push({ path: req.url ?? '', contentType: String(req.headers['content-type']), body: await read(req) });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** Spans of every OTLP/JSON trace request so far. */
    jsonSpans(): JsonSpan[] {
      const spans: JsonSpan[] = [];
      for (const r of received) {
        if (r.path !== '/v1/traces' || !r.contentType.includes('json')) continue;
        const body = JSON.parse(r.body.toString()) as {
          resourceSpans: { resource: { attributes: [] }; scopeSpans: { spans: (JsonSpan & { attributes: [] })[] }[] }[];
        };
        for (const rs of body.resourceSpans) {
          for (const ss of rs.scopeSpans) {
            for (const s of ss.spans) {
              spans.push({ ...s, attributes: attributes(s.attributes), resource: attributes(rs.resource.attributes) });
            }
          }
        }
      }
      return spans;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
