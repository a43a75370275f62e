// startViewer: one HTTP server for the OTLP receiver, the JSON API and the web UI.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi, sendJson } from './api-routes.js';
import { isAuthorized, isLoopbackHostHeader, tokenCookie, tokenMatches } from './auth.js';
import { isLoopbackHost, type ResolvedOptions, resolveOptions, type ViewerOptions } from './options.js';
import { sendExportFailure } from './otlp-response.js';
import { encodingOf, receiveTraces } from './receiver.js';
import { serveIndex, serveUiFile } from './static-files.js';
import { TraceStore } from './store.js';

export interface Viewer {
  /** Base URL, e.g. http://127.0.0.1:4318 (also the OTLP endpoint). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Age-based retention also runs when nothing is being ingested. */
const RETENTION_INTERVAL_MS = 60_000;

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return host === '::' ? '[::1]' : '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function route(req: IncomingMessage, res: ServerResponse, store: TraceStore, opts: ResolvedOptions) {
  const url = new URL(req.url ?? '/', 'http://viewer.invalid');
  const path = url.pathname;
  const method = req.method ?? 'GET';

  if (isLoopbackHost(opts.host) && !isLoopbackHostHeader(req.headers.host)) {
    // Not a name of this machine: a DNS-rebinding page, not a local client.
    sendJson(res, 403, { error: 'forbidden Host header' });
    return;
  }

  let authorized = opts.token === null || isAuthorized(req, opts.token);
  const queryToken = url.searchParams.get('token');
  if (opts.token !== null && queryToken !== null && tokenMatches(opts.token, queryToken)) {
    authorized = true;
    res.setHeader('set-cookie', tokenCookie(opts.token));
    if (method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/v1/')) {
      // Drop the token from the address bar (and from history) once the cookie holds it.
      url.searchParams.delete('token');
      res.writeHead(303, { location: `${path}${url.search}` });
      res.end();
      return;
    }
  }

  if (path === '/v1/traces') {
    if (method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    if (!authorized) {
      req.resume();
      const message = 'missing or wrong access token (Authorization: Bearer <token>)';
      sendExportFailure(res, encodingOf(req) ?? 'json', 401, message);
      return;
    }
    await receiveTraces(req, res, store, opts.maxBodyBytes);
    return;
  }
  if (path.startsWith('/v1/')) {
    req.resume();
    sendJson(res, 404, { error: 'only traces are received (POST /v1/traces)' });
    return;
  }
  if (path.startsWith('/api/')) {
    if (method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (!authorized) {
      sendJson(res, 401, { error: 'missing or wrong access token' });
      return;
    }
    if (!handleApi(res, url, store)) sendJson(res, 404, { error: `unknown API path ${path}` });
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET' }).end();
    return;
  }
  if (path.startsWith('/ui/')) await serveUiFile(res, path.slice('/ui/'.length));
  else await serveIndex(res);
}

function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

export async function startViewer(options: ViewerOptions = {}): Promise<Viewer> {
  const opts = resolveOptions(options);
  const store = await TraceStore.open(opts.dbPath, { maxTurns: opts.maxTurns, maxAgeMs: opts.maxAgeMs });
  const server = createServer((req, res) => {
    route(req, res, store, opts).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, 500, { error: `internal error: ${error instanceof Error ? error.message : String(error)}` });
    });
  });
  let address: AddressInfo;
  try {
    address = await listen(server, opts.port, opts.host);
  } catch (error) {
    store.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`@agentspan/viewer: port ${opts.port} on ${opts.host} is in use (choose another with --port)`);
    }
    throw error;
  }
  const timer = setInterval(() => {
    try {
      store.retention.enforce();
    } catch {
      // A busy or closed database: the next ingest or tick retries.
    }
  }, RETENTION_INTERVAL_MS);
  timer.unref();
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost(opts.host)}:${address.port}`,
    port: address.port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
