// Reads a request body with a size limit, applied again after decompression (no zip bombs),
// and a deadline: a client that sends its body slowly (or not at all) is cut off, not waited
// for. The body is copied into one buffer as it arrives, sized from Content-Length (or gzip's
// trailer): concatenating 16 MiB at the end would hold the event loop for tens of milliseconds.
import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate } from 'node:zlib';

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

/** A growing byte buffer with a hard limit. */
class BodyBuffer {
  private buf: Buffer;
  length = 0;

  constructor(
    expected: number,
    private readonly limit: number,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(1, Math.min(expected, limit)));
  }

  /** Appends a chunk; false when the limit is exceeded. */
  append(chunk: Buffer): boolean {
    const needed = this.length + chunk.length;
    if (needed > this.limit) return false;
    if (needed > this.buf.length) {
      const grown = Buffer.allocUnsafe(Math.min(this.limit, Math.max(needed, 2 * this.buf.length)));
      this.buf.copy(grown, 0, 0, this.length);
      this.buf = grown;
    }
    chunk.copy(this.buf, this.length);
    this.length = needed;
    return true;
  }

  result(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}

const INITIAL = 64 * 1024;

function collect(req: IncomingMessage, limit: number, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge(limit));
      return;
    }
    const body = new BodyBuffer(Number.isFinite(declared) && declared > 0 ? declared : INITIAL, limit);
    let failed = false;
    const fail = (error: BodyError): void => {
      if (failed) return;
      failed = true;
      clearTimeout(timer);
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new BodyError(408, `request body not received within ${timeoutMs} ms`)),
      timeoutMs,
    );
    req.on('data', (chunk: Buffer) => {
      if (!failed && !body.append(chunk)) fail(tooLarge(limit));
    });
    req.on('end', () => {
      clearTimeout(timer);
      if (!failed) resolve(body.result());
    });
    req.on('error', (error) => fail(new BodyError(400, `request body could not be read: ${error.message}`)));
    req.on('close', () => fail(new BodyError(400, 'the client closed the connection before the body ended')));
  });
}

/** gzip's trailer holds the decompressed size (mod 2^32): a hint for the buffer, never trusted. */
function gzipSizeHint(body: Buffer): number {
  return body.length >= 18 ? body.readUInt32LE(body.length - 4) : INITIAL;
}

function decompress(body: Buffer, encoding: string, limit: number): Promise<Buffer> {
  const gzip = encoding === 'gzip' || encoding === 'x-gzip';
  return new Promise((resolve, reject) => {
    const out = new BodyBuffer(gzip ? gzipSizeHint(body) : Math.max(INITIAL, 4 * body.length), limit);
    const stream = gzip ? createGunzip() : createInflate();
    let failed = false;
    stream.on('data', (chunk: Buffer) => {
      if (failed || out.append(chunk)) return;
      failed = true;
      stream.destroy();
      reject(tooLarge(limit));
    });
    stream.on('end', () => {
      if (!failed) resolve(out.result());
    });
    stream.on('error', (error) => {
      if (failed) return;
      failed = true;
      reject(new BodyError(400, `invalid ${encoding} body: ${error.message}`));
    });
    stream.end(body);
  });
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
