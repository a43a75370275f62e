// startViewer: one HTTP server for the OTLP receiver, the JSON API and the web UI.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi, sendJson } from './api-routes.js';
import { isAuthorized, isLoopbackHostHeader, tokenCookie, tokenMatches } from './auth.js';
import { isLoopbackHost, type ResolvedOptions, resolveOptions, type ViewerOptions } from './options.js';
import { type OtherSignal, OtherSignals } from './other-signals.js';
import { sendExportFailure } from './otlp-response.js';
import { receiveLogs } from './receive-logs.js';
import { encodingOf, type ReceiveLimits, receiveTraces } from './receiver.js';
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
const OTHER_SIGNALS: Record<string, OtherSignal> = { '/v1/metrics': 'metrics', '/v1/logs': 'logs' };

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return host === '::' ? '[::1]' : '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

interface Context {
  store: TraceStore;
  opts: ResolvedOptions;
  limits: ReceiveLimits;
  others: OtherSignals;
}

const isPage = (path: string): boolean => !path.startsWith('/api/') && !path.startsWith('/v1/');

async function route(req: IncomingMessage, res: ServerResponse, { store, opts, limits, others }: Context) {
  const url = new URL(req.url ?? '/', 'http://viewer.invalid');
  const path = url.pathname;
  const method = req.method ?? 'GET';

  if (isLoopbackHost(opts.host) && !isLoopbackHostHeader(req.headers.host)) {
    // Not a name of this machine: a DNS-rebinding page, not a local client.
    req.resume();
    sendJson(res, 403, { error: 'forbidden Host header' });
    return;
  }

  // A token in an address ends up in history, logs and Referer headers: pages trade it for a
  // cookie and drop it from the address; the API and OTLP never accept it.
  const queryToken = url.searchParams.get('token');
  if (queryToken !== null && isPage(path) && (method === 'GET' || method === 'HEAD')) {
    if (opts.token !== null && tokenMatches(opts.token, queryToken)) res.setHeader('set-cookie', tokenCookie(opts.token));
    url.searchParams.delete('token');
    res.writeHead(303, { location: `${path}${url.search}` });
    res.end();
    return;
  }
  const authorized = opts.token === null || isAuthorized(req, opts.token);
  const refusal = `missing or wrong access token (send Authorization: Bearer <token>${queryToken === null ? '' : '; a token in the URL is not accepted'})`;

  if (path === '/v1/traces' || OTHER_SIGNALS[path] !== undefined) {
    if (method !== 'POST') {
      req.resume();
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    if (!authorized) {
      req.resume();
      sendExportFailure(res, encodingOf(req) ?? 'json', 401, refusal);
      return;
    }
    const signal = OTHER_SIGNALS[path];
    if (signal === undefined) await receiveTraces(req, res, store, limits);
    else if (signal === 'logs') await receiveLogs(req, res, store, others, limits);
    else await others.receive(req, res, signal, limits);
    return;
  }
  if (path.startsWith('/v1/')) {
    req.resume();
    sendJson(res, 404, { error: 'unknown OTLP path (POST /v1/traces; POST /v1/logs keeps evaluations; /v1/metrics is acknowledged and dropped)' });
    return;
  }
  if (path.startsWith('/api/')) {
    req.resume();
    if (method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    if (!authorized) {
      sendJson(res, 401, { error: refusal });
      return;
    }
    if (!(await handleApi(res, url, store))) sendJson(res, 404, { error: `unknown API path ${path}` });
    return;
  }
  req.resume();
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
  const context: Context = {
    store,
    opts,
    limits: { maxBodyBytes: opts.maxBodyBytes, bodyTimeoutMs: opts.requestTimeoutMs },
    others: new OtherSignals((line) => process.stderr.write(`${line}\n`)),
  };
  const server = createServer(
    {
      // Slow clients are cut off: headers within requestTimeoutMs (checked every second), the
      // body within requestTimeoutMs after them (read-body.ts); Node's requestTimeout backs it.
      headersTimeout: opts.requestTimeoutMs,
      requestTimeout: 2 * opts.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, opts.requestTimeoutMs),
    },
    (req, res) => {
      route(req, res, context).catch((error: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        sendJson(res, 500, { error: `internal error: ${error instanceof Error ? error.message : String(error)}` });
      });
    },
  );
  let address: AddressInfo;
  try {
    address = await listen(server, opts.port, opts.host);
  } catch (error) {
    await store.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'EADDRINUSE') {
      throw new Error(`@agentspan/viewer: port ${opts.port} on ${opts.host} is in use (choose another with --port)`);
    }
    throw error;
  }
  const timer = setInterval(() => {
    // A busy or closed database: the next ingest or tick retries.
    store.enforceRetention().catch(() => undefined);
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
          store.close().then(resolve, resolve);
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
