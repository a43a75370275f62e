// An HTTP/1.1 client over a bare socket, for hostile requests Node's own client refuses to
// send (header bytes that are not UTF-8, control characters, repeated and huge headers),
// and for requests the client leaves midway.
import net from 'node:net';

export interface RawRequest {
  method?: string;
  path: string;
  /** Name and value bytes, in order (repeats allowed). */
  headers?: [string, Buffer | string][];
  body?: Buffer | string;
  /** Close the connection this long after sending (no answer expected). */
  leaveAfterMs?: number;
  /** Close the connection once this many bytes of the answer arrived. */
  leaveAfterBytes?: number;
  /** Give up (outcome `stalled`) after this long. Default 10 s. */
  timeoutMs?: number;
}

export interface RawAnswer {
  /** `answered`: the server closed after a complete answer; `left`: the client left; `cut`: the server closed midway. */
  outcome: 'answered' | 'left' | 'cut' | 'stalled';
  status: number | undefined;
  /** The body, de-chunked when the answer was chunked and complete. */
  body: string;
}

function parse(raw: Buffer): { status: number | undefined; body: string; complete: boolean } {
  const end = raw.indexOf('\r\n\r\n');
  if (end === -1) return { status: undefined, body: '', complete: false };
  const head = raw.subarray(0, end).toString('latin1');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]) || undefined;
  let body = raw.subarray(end + 4);
  const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
  if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
    const parts: Buffer[] = [];
    let at = 0;
    for (;;) {
      const line = body.indexOf('\r\n', at);
      if (line === -1) return { status, body: Buffer.concat(parts).toString('utf8'), complete: false };
      const size = Number.parseInt(body.subarray(at, line).toString('latin1'), 16);
      if (size === 0) return { status, body: Buffer.concat(parts).toString('utf8'), complete: true };
      parts.push(body.subarray(line + 2, line + 2 + size));
      at = line + 2 + size + 2;
    }
  }
  if (length !== undefined) {
    const complete = body.length >= Number(length);
    body = body.subarray(0, Number(length));
    return { status, body: body.toString('utf8'), complete };
  }
  return { status, body: body.toString('utf8'), complete: true };
}

export function rawRequest(port: number, request: RawRequest): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let received = 0;
    let left = false;
    let done = false;
    const finish = (outcome?: RawAnswer['outcome']) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const { status, body, complete } = parse(Buffer.concat(chunks));
      resolve({ outcome: outcome ?? (left ? 'left' : complete ? 'answered' : 'cut'), status, body });
    };
    const timer = setTimeout(() => finish('stalled'), request.timeoutMs ?? 10_000);
    const leave = () => {
      left = true;
      finish();
    };
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (request.leaveAfterBytes !== undefined && received >= request.leaveAfterBytes) leave();
    });
    socket.on('error', () => finish());
    socket.on('close', () => finish());
    socket.on('connect', () => {
      const body = request.body === undefined ? undefined : Buffer.from(request.body);
      const lines: Buffer[] = [Buffer.from(`${request.method ?? 'GET'} ${request.path} HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n`)];
      for (const [name, value] of request.headers ?? []) lines.push(Buffer.from(`${name}: `), Buffer.from(value), Buffer.from('\r\n'));
      if (body) lines.push(Buffer.from(`content-length: ${body.length}\r\ncontent-type: application/json\r\n`));
      lines.push(Buffer.from('\r\n'));
      if (body) lines.push(body);
      socket.write(Buffer.concat(lines));
      if (request.leaveAfterMs !== undefined) setTimeout(leave, request.leaveAfterMs);
    });
  });
}
