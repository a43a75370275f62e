// How an MCP call fails, in the conventions' terms: `error.type` is the JSON-RPC error code
// (`-32602`), `tool_error` for a tool result with `isError: true`, `timeout`, or
// `connection_closed` when the peer went away mid-call; `agentspan.error.category` is the
// core's category, refined by the code where the code says more than the message.
import { type ErrorCategory, MCP_ERROR_TYPE_TOOL_ERROR } from '@agentspan/semconv';
import { errorCategory, errorType } from '@agentspan/core';

/** JSON-RPC and MCP error codes whose category is known. */
const CATEGORY_BY_CODE: Readonly<Record<number, ErrorCategory>> = {
  [-32700]: 'unknown', // parse error
  [-32600]: 'unknown', // invalid request
  [-32601]: 'not_found', // method not found
  [-32602]: 'unknown', // invalid params
  [-32603]: 'server_error', // internal error
  [-32000]: 'server_error', // connection closed (SDK)
  [-32001]: 'timeout', // request timeout (SDK)
  [-32002]: 'not_found', // resource not found
};

const MAX_MESSAGE = 4096;

function boundedText(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value.slice(0, MAX_MESSAGE) : fallback;
}

/** A failed MCP call as the tracing records it: the error object for the exception event, plus its type and category. */
export interface McpFailure {
  error: Error;
  errorType: string;
  category: ErrorCategory;
  /** The JSON-RPC code, for `rpc.response.status_code`. */
  code?: number;
}

/** The error a JSON-RPC error response describes (the SDK throws McpError for these). */
export class McpResponseError extends Error {
  constructor(
    message: string,
    readonly code: number | undefined,
  ) {
    super(message);
    this.name = 'McpError';
  }
}

/** A tools/call whose result says `isError: true`: what the exception event and the tool span show. */
export class McpToolResultError extends Error {
  constructor(message: string) {
    super(message);
    // error.type of the conventions for this case, on the MCP span and the tool span alike.
    this.name = MCP_ERROR_TYPE_TOOL_ERROR;
  }
}

/** A JSON-RPC error response. */
export function responseFailure(error: { code: unknown; message: unknown }): McpFailure {
  const code = typeof error.code === 'number' && Number.isInteger(error.code) ? error.code : undefined;
  const err = new McpResponseError(boundedText(error.message, 'MCP error'), code);
  const category = (code !== undefined ? CATEGORY_BY_CODE[code] : undefined) ?? errorCategory(err);
  return { error: err, errorType: code !== undefined ? String(code) : '_OTHER', category, ...(code !== undefined ? { code } : {}) };
}

/** The text of a tool result's content (for the error message of an `isError` result). */
function resultText(result: Record<string, unknown>): string {
  const content = result.content;
  if (!Array.isArray(content)) return 'tool error';
  const texts: string[] = [];
  for (const part of content.slice(0, 16)) {
    if (typeof part === 'object' && part !== null && typeof (part as { text?: unknown }).text === 'string') {
      texts.push((part as { text: string }).text);
    }
  }
  return texts.length > 0 ? texts.join('\n').slice(0, MAX_MESSAGE) : 'tool error';
}

/** A tools/call result with `isError: true`, else undefined. */
export function toolResultFailure(result: unknown): McpFailure | undefined {
  try {
    if (typeof result !== 'object' || result === null || (result as { isError?: unknown }).isError !== true) return undefined;
    const error = new McpToolResultError(resultText(result as Record<string, unknown>));
    return { error, errorType: MCP_ERROR_TYPE_TOOL_ERROR, category: errorCategory(error) };
  } catch {
    return undefined;
  }
}

/** `value` when it is an Error; never throws (`instanceof` on a revoked Proxy does). */
function errorOrUndefined(value: unknown): Error | undefined {
  try {
    return value instanceof Error ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The peer went away (stdio process exit, closed HTTP session) with the call pending. */
export function connectionClosedFailure(): McpFailure {
  const error = new McpResponseError('MCP error -32000: Connection closed', -32000);
  return { error, errorType: 'connection_closed', category: 'server_error' };
}

/**
 * The caller gave up on a pending request (`notifications/cancelled`, or the send's abort
 * signal): a timeout when the reason says so, else a cancellation.
 */
export function cancellationFailure(reason: unknown): McpFailure {
  const reasonError = errorOrUndefined(reason);
  let text: unknown = typeof reason === 'string' ? reason : undefined;
  try {
    if (reasonError) text = reasonError.message;
  } catch {
    // a throwing message getter: the fallback text
  }
  const message = boundedText(text, 'Request cancelled');
  const error = new McpResponseError(message, undefined);
  const timedOut = errorCategory(reasonError ?? error) === 'timeout' || /timed? ?out/i.test(message);
  if (timedOut) {
    error.name = 'TimeoutError';
    return { error, errorType: 'timeout', category: 'timeout' };
  }
  error.name = 'AbortError';
  return { error, errorType: 'cancelled', category: 'cancelled' };
}

/** An error thrown by the transport (a send that could not deliver) or by the SDK's dispatch. */
export function thrownFailure(error: unknown): McpFailure {
  const err = errorOrUndefined(error) ?? new Error(boundedText(error, 'send failed'));
  return { error: err, errorType: errorType(error), category: errorCategory(error) };
}
