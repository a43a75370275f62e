// JSON-RPC 2.0 messages as MCP sends them, read defensively: a message from another
// process is parsed JSON, but one handed over in process (an in-memory transport, a
// wrapper) may be anything, getters that throw included. Every read here is guarded.

export type RequestId = string | number;

export type MessageKind = 'request' | 'notification' | 'result' | 'error' | 'other';

/** The parts of a message the tracing reads, copied out once. */
export interface MessageView {
  kind: MessageKind;
  method: string | undefined;
  id: RequestId | undefined;
  params: Record<string, unknown> | undefined;
  result: unknown;
  error: { code: unknown; message: unknown } | undefined;
}

const OTHER: MessageView = Object.freeze({
  kind: 'other',
  method: undefined,
  id: undefined,
  params: undefined,
  result: undefined,
  error: undefined,
}) as MessageView;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is RequestId {
  return (typeof value === 'string' && value.length <= 256) || (typeof value === 'number' && Number.isFinite(value));
}

/** Classifies a message; anything unreadable is `other` (passed through untraced). */
export function viewMessage(message: unknown): MessageView {
  try {
    if (!isRecord(message)) return OTHER;
    const method = message.method;
    const id = message.id;
    if (typeof method === 'string') {
      const params = isRecord(message.params) ? message.params : undefined;
      if (id === undefined) return { kind: 'notification', method, id: undefined, params, result: undefined, error: undefined };
      if (isId(id)) return { kind: 'request', method, id, params, result: undefined, error: undefined };
      return OTHER;
    }
    if (!isId(id)) return OTHER;
    if ('result' in message) return { kind: 'result', method: undefined, id, params: undefined, result: message.result, error: undefined };
    const error = message.error;
    if (isRecord(error)) {
      return { kind: 'error', method: undefined, id, params: undefined, result: undefined, error: { code: error.code, message: error.message } };
    }
    return OTHER;
  } catch {
    return OTHER;
  }
}

/** The key of a request id in the pending-call maps (numbers and strings never collide). */
export function idKey(id: RequestId): string {
  return typeof id === 'number' ? `n${id}` : `s${id}`;
}

/** A string param (tool name, prompt name, resource URI), bounded; undefined when absent or odd. */
export function stringParam(params: Record<string, unknown> | undefined, key: string, max = 512): string | undefined {
  if (!params) return undefined;
  try {
    const value = params[key];
    return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A param read as is (tool arguments for content capture); undefined when it throws. */
export function rawParam(params: Record<string, unknown> | undefined, key: string): unknown {
  if (!params) return undefined;
  try {
    return params[key];
  } catch {
    return undefined;
  }
}
