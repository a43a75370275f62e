// A minimal HTTP client for the tests: posts JSON and reads an SSE answer chunk by chunk,
// optionally aborting after some chunks (as a browser tab closing would).
import http from 'node:http';

export interface PostResult {
  status: number;
  body: string;
  chunks: string[];
  aborted: boolean;
}

export function post(
  port: number,
  path: string,
  payload: unknown,
  headers: Record<string, string>,
  abortAfterChunks?: number,
): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify(payload);
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        const chunks: string[] = [];
        res.setEncoding('utf8');
        res.on('data', (data: string) => {
          text += data;
          for (const match of data.matchAll(/^data: (.*)$/gm)) chunks.push(match[1] ?? '');
          if (abortAfterChunks !== undefined && chunks.length >= abortAfterChunks) {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, body: text, chunks, aborted: true });
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, chunks, aborted: false }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, body: text, chunks, aborted: true }));
      },
    );
    req.on('error', (error) => {
      if (abortAfterChunks !== undefined) return; // our own destroy()
      reject(error);
    });
    req.end(body);
  });
}
