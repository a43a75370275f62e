// Reads a request body with a size limit, applied again after gunzip (no zip bombs), and a
// deadline: a client that sends its body slowly (or not at all) is cut off, not waited for.
import type { IncomingMessage } from 'node:http';
import { promisify } from 'node:util';
import { gunzip, inflate } from 'node:zlib';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);

export class BodyError extends Error {
  override name = 'BodyError';
  constructor(
    readonly status: 400 | 408 | 413 | 415,
    message: string,
  ) {
    super(message);
  }
}

function tooLarge(limit: number): BodyError {
  return new BodyError(413, `request body exceeds the limit of ${limit} bytes`);
}

function collect(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: BodyError): void => {
      if (failed) return;
      failed = true;
      chunks.length = 0;
      clearTimeout(timer);
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new BodyError(408, `request body not received within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) fail(tooLarge(limit));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      clearTimeout(timer);
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (error) => fail(new BodyError(400, `request body could not be read: ${error.message}`)));
    req.on('close', () => fail(new BodyError(400, 'the client closed the connection before the body ended')));
  });
}

async function decompress(body: Buffer, encoding: string, limit: number): Promise<Buffer> {
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return await gunzipAsync(body, { maxOutputLength: limit });
    return await inflateAsync(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw tooLarge(limit);
    }
    throw new BodyError(400, `invalid ${encoding} body: ${(error as Error).message}`);
  }
}

/**
 * The decoded body; throws BodyError (413 over the limit, 415 unknown encoding, 400 corrupt,
 * 408 not complete within timeoutMs).
 */
export async function readBody(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  const encoding = String(req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (!['identity', '', 'gzip', 'x-gzip', 'deflate'].includes(encoding)) {
    throw new BodyError(415, `unsupported Content-Encoding "${encoding}" (use gzip or none)`);
  }
  const raw = await collect(req, limit, timeoutMs);
  return encoding === 'identity' || encoding === '' ? raw : decompress(raw, encoding, limit);
}
