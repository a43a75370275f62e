// Serves the web UI from the package's ui/ directory (next to dist/ and src/), with no path traversal.
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>agentspan viewer</title></head>
<body><h1>agentspan viewer</h1><p>The receiver is running. The web UI is not built into this copy;
the JSON API is at <a href="/api/turns">/api/turns</a>.</p></body></html>
`;

/** The ui/ directory of the installed package: this file lives in src/ or dist/. */
export const UI_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', 'ui');

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Resolves a request path below /ui/ to a file inside uiDir, or null when it escapes it. */
export function resolveUiFile(uiDir: string, relative: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = resolve(uiDir, `.${sep}${decoded}`);
  return full.startsWith(uiDir + sep) ? full : null;
}

async function sendFile(res: ServerResponse, file: string, status = 200): Promise<boolean> {
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return false;
  }
  res.writeHead(status, {
    'content-type': contentTypeOf(file),
    'content-length': body.length,
    'cache-control': 'no-cache',
    ...SECURITY_HEADERS,
  });
  res.end(body);
  return true;
}

/** GET / and client routes: ui/index.html, or a placeholder when the UI is absent. */
export async function serveIndex(res: ServerResponse, uiDir: string = UI_DIR): Promise<void> {
  if (await sendFile(res, resolve(uiDir, 'index.html'))) return;
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...SECURITY_HEADERS });
  res.end(PLACEHOLDER);
}

/** GET /ui/<file>: that file, 404 when missing or outside ui/. */
export async function serveUiFile(res: ServerResponse, relative: string, uiDir: string = UI_DIR): Promise<void> {
  const file = resolveUiFile(uiDir, relative);
  if (file !== null && (await sendFile(res, file))) return;
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  res.end('not found\n');
}
