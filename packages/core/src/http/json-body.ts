// Reading a small JSON request body from a Node request nobody parsed yet: bounded in size
// (413 beyond it), JSON content types only (415 otherwise: a cross-site form cannot post it
// without a CORS preflight), a clear 400 for malformed JSON.
import type { IncomingMessage } from 'node:http';

export type JsonBody = { ok: true; value: unknown } | { ok: false; status: number; error: string; message: string };

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

export function isJsonContentType(value: string | string[] | undefined): boolean {
  return typeof value === 'string' && JSON_TYPE.test(value.trim());
}

/** Reads and parses the body; resolves (never rejects) once it is read, refused or the request aborted. */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  if (!isJsonContentType(req.headers['content-type'])) {
    return Promise.resolve({ ok: false, status: 415, error: 'unsupported_media_type', message: 'send the body as application/json' });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.resolve({ ok: false, status: 413, error: 'payload_too_large', message: `the body must be at most ${maxBytes} bytes` });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: JsonBody) => {
      if (done) return;
      done = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > maxBytes) {
        finish({ ok: false, status: 413, error: 'payload_too_large', message: `the body must be at most ${maxBytes} bytes` });
        req.resume(); // drain the rest unread
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = () => {
      try {
        finish({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      } catch {
        finish({ ok: false, status: 400, error: 'invalid_json', message: 'the body is not valid JSON' });
      }
    };
    const onError = () => finish({ ok: false, status: 400, error: 'invalid_body', message: 'the body could not be read' });
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
