// Starts a viewer on an ephemeral port with an in-memory database, and small HTTP helpers.
import { type Viewer, startViewer, type ViewerOptions } from '../../src/index.js';

export async function startTestViewer(options: ViewerOptions = {}): Promise<Viewer> {
  return startViewer({ port: 0, dbPath: ':memory:', ...options });
}

export async function getJson<T>(viewer: Viewer, path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(`${viewer.url}${path}`, init);
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export function postTraces(
  viewer: Viewer,
  body: Uint8Array | string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<Response> {
  // A copy typed Uint8Array<ArrayBuffer>, as fetch's BodyInit wants.
  return fetch(`${viewer.url}/v1/traces`, { method: 'POST', headers, body: typeof body === 'string' ? body : Uint8Array.from(body) });
}

/** A JSON body's field (error answers carry `message` (OTLP) or `error` (API)). */
export async function field(res: Response, name: 'message' | 'error' | 'total'): Promise<unknown> {
  const body = (await res.json()) as Record<string, unknown>;
  return body[name];
}
