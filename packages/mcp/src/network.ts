// What a transport object says about the connection, by duck typing (the official SDK's
// transports and the AI SDK's are told apart by class name): network.transport `pipe` for
// stdio, `tcp` + `http` for Streamable HTTP and SSE, the server's address from its URL.
import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_NETWORK_PROTOCOL_NAME,
  ATTR_NETWORK_TRANSPORT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
} from '@agentspan/semconv';

function className(transport: object): string {
  try {
    const name = (transport as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof name === 'string' ? name : '';
  } catch {
    return '';
  }
}

/** The URL an HTTP client transport posts to (`_url` in the official SDK, `url` in others). */
function urlOf(transport: object): URL | undefined {
  try {
    for (const key of ['_url', 'url']) {
      const value = (transport as Record<string, unknown>)[key];
      if (value instanceof URL) return value;
      if (typeof value === 'string' && /^https?:\/\//i.test(value)) return new URL(value);
    }
  } catch {
    // an odd transport: no address
  }
  return undefined;
}

function defaultPort(url: URL): number | undefined {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : undefined;
}

/** The connection's network attributes, read once per transport. */
export function networkAttributes(transport: object): Attributes {
  const name = className(transport).toLowerCase();
  if (name.includes('stdio')) return { [ATTR_NETWORK_TRANSPORT]: 'pipe' };
  if (name.includes('websocket')) return { [ATTR_NETWORK_TRANSPORT]: 'tcp', [ATTR_NETWORK_PROTOCOL_NAME]: 'websocket' };
  if (!name.includes('http') && !name.includes('sse')) return {};
  const attributes: Attributes = { [ATTR_NETWORK_TRANSPORT]: 'tcp', [ATTR_NETWORK_PROTOCOL_NAME]: 'http' };
  const url = urlOf(transport);
  if (url?.hostname) {
    attributes[ATTR_SERVER_ADDRESS] = url.hostname.replace(/^\[|\]$/g, '');
    const port = defaultPort(url);
    if (port !== undefined) attributes[ATTR_SERVER_PORT] = port;
  }
  return attributes;
}

/** A request that arrived over HTTP (the SDK's server transports pass `requestInfo`). */
export function arrivedOverHttp(extra: unknown): boolean {
  try {
    return typeof extra === 'object' && extra !== null && typeof (extra as { requestInfo?: unknown }).requestInfo === 'object';
  } catch {
    return false;
  }
}

/** The `mcp-protocol-version` header of a request that arrived over HTTP. */
export function protocolVersionHeader(extra: unknown): string | undefined {
  try {
    const headers = (extra as { requestInfo?: { headers?: Record<string, unknown> } }).requestInfo?.headers;
    const value = headers?.['mcp-protocol-version'];
    return typeof value === 'string' && value.length <= 64 ? value : undefined;
  } catch {
    return undefined;
  }
}
