// Model Context Protocol conventions (semantic-conventions-genai, `model/mcp`, read at
// commit 0393513c908bf895e7b3ec480a2c1eb073c584af): attributes of MCP client and server spans,
// and the general attributes they borrow (JSON-RPC, network, RPC). The MCP duration metrics
// are not recorded (yet): their names are not pinned here.

export const ATTR_MCP_METHOD_NAME = 'mcp.method.name';
export const ATTR_MCP_SESSION_ID = 'mcp.session.id';
export const ATTR_MCP_PROTOCOL_VERSION = 'mcp.protocol.version';
/** Opt-in in span names; an attribute when the request carries a resource URI. */
export const ATTR_MCP_RESOURCE_URI = 'mcp.resource.uri';

export const ATTR_JSONRPC_REQUEST_ID = 'jsonrpc.request.id';
/** Recommended only when it is not `2.0`. */
export const ATTR_JSONRPC_PROTOCOL_VERSION = 'jsonrpc.protocol.version';
/** The JSON-RPC error code of the response, as a string. */
export const ATTR_RPC_RESPONSE_STATUS_CODE = 'rpc.response.status_code';

/** `pipe` for stdio, `tcp` for HTTP. */
export const ATTR_NETWORK_TRANSPORT = 'network.transport';
export const ATTR_NETWORK_PROTOCOL_NAME = 'network.protocol.name';
export const ATTR_NETWORK_PROTOCOL_VERSION = 'network.protocol.version';
export const ATTR_CLIENT_ADDRESS = 'client.address';
export const ATTR_CLIENT_PORT = 'client.port';

/** `error.type` of a tools/call whose result says `isError: true`. */
export const MCP_ERROR_TYPE_TOOL_ERROR = 'tool_error';

/** Keys of W3C Trace Context and Baggage in a request's `params._meta` (unprefixed, SEP-414). */
export const MCP_META_TRACEPARENT = 'traceparent';
export const MCP_META_TRACESTATE = 'tracestate';
export const MCP_META_BAGGAGE = 'baggage';

/** `{mcp.method.name} {target}`, target the tool or prompt name when there is one. */
export function mcpSpanName(method: string, target: string | undefined): string {
  return target ? `${method} ${target}` : method;
}
