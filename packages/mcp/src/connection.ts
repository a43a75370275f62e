// The tracing state of one MCP connection (one transport), both directions at once: the
// requests it sent and awaits (client spans) and the requests it received and has not
// answered yet (server spans), each in a bounded registry; what it learnt of the session.
import { type Agentspan, RunExpiredError, RunRegistry, type ToolOperation } from '@agentspan/core';
import { type Attributes, type Context, context as otelContext } from '@opentelemetry/api';
import { ATTR_MCP_PROTOCOL_VERSION, ATTR_MCP_SESSION_ID, ATTR_NETWORK_PROTOCOL_NAME, ATTR_NETWORK_TRANSPORT } from '@agentspan/semconv';
import { type RequestFacts, requestFacts, toolArguments } from './call-attributes.js';
import { McpClientOp } from './client-op.js';
import {
  type McpFailure,
  cancellationFailure,
  connectionClosedFailure,
  responseFailure,
  thrownFailure,
  toolResultFailure,
} from './errors.js';
import { type MessageView, idKey, isRecord, stringParam } from './messages.js';
import { parentFromMeta, withTraceMeta } from './meta.js';
import { arrivedOverHttp, networkAttributes, protocolVersionHeader } from './network.js';
import type { ResolvedMcpOptions } from './options.js';
import { McpServerOp } from './server-op.js';

interface ClientCall {
  op: McpClientOp;
  method: string;
  key: string;
  /** Removes the abort listener of the send's signal (AI SDK transports), if one was added. */
  release?: () => void;
}

interface ServerCall {
  op: McpServerOp;
  tool: ToolOperation | undefined;
  method: string;
}

/** What beforeSend decided: the message to send (a copy when context was injected), and the call it starts. */
export interface Outgoing {
  message: unknown;
  call: ClientCall | undefined;
}

const CLOSED_WHILE_HANDLING: McpFailure = {
  error: Object.assign(new Error('Connection closed before the response was sent'), { name: 'AbortError' }),
  errorType: 'connection_closed',
  category: 'cancelled',
};

function requestIdOf(params: Record<string, unknown> | undefined): string | undefined {
  if (!params) return undefined;
  try {
    const id = params.requestId;
    return typeof id === 'number' || typeof id === 'string' ? idKey(id) : undefined;
  } catch {
    return undefined;
  }
}

export class TracedConnection {
  private outgoing: RunRegistry<ClientCall> | undefined;
  private incoming: RunRegistry<ServerCall> | undefined;
  private protocolVersion: string | undefined;
  private closing = false;
  private readonly network: Attributes;

  constructor(
    private readonly transport: object,
    private readonly options: ResolvedMcpOptions,
  ) {
    this.network = networkAttributes(transport);
  }

  // ---- what the connection knows ----

  private sessionId(): string | undefined {
    try {
      const id = (this.transport as { sessionId?: unknown }).sessionId;
      return typeof id === 'string' && id.length > 0 && id.length <= 256 ? id : undefined;
    } catch {
      return undefined;
    }
  }

  private attributes(extra?: unknown): Attributes {
    const attributes: Attributes = { ...this.network };
    if (extra !== undefined && attributes[ATTR_NETWORK_TRANSPORT] === undefined && arrivedOverHttp(extra)) {
      attributes[ATTR_NETWORK_TRANSPORT] = 'tcp';
      attributes[ATTR_NETWORK_PROTOCOL_NAME] = 'http';
    }
    const session = this.sessionId();
    if (session) attributes[ATTR_MCP_SESSION_ID] = session;
    const version = this.protocolVersion ?? (extra !== undefined ? protocolVersionHeader(extra) : undefined);
    if (version) attributes[ATTR_MCP_PROTOCOL_VERSION] = version;
    return attributes;
  }

  /** The negotiated version, from an initialize result going either way. */
  private learnVersion(result: unknown): void {
    try {
      if (!isRecord(result)) return;
      const version = result.protocolVersion;
      if (typeof version === 'string' && version.length <= 64) this.protocolVersion = version;
    } catch {
      // not an initialize result we can read
    }
  }

  private registries(rt: Agentspan): { outgoing: RunRegistry<ClientCall>; incoming: RunRegistry<ServerCall> } {
    // Evicted calls: by close, or by the registry's size and age bounds (a response never came).
    const bounds = { maxSize: rt.config.runMaxSize, ttlMs: rt.config.runTtlMs };
    this.outgoing ??= new RunRegistry<ClientCall>({
      ...bounds,
      onExpire: (call, age) => {
        call.release?.();
        if (this.closing) call.op.failWith(connectionClosedFailure());
        else call.op.fail(new RunExpiredError(age));
      },
    });
    this.incoming ??= new RunRegistry<ServerCall>({
      ...bounds,
      onExpire: (call, age) => {
        if (this.closing) this.failServerCall(call, CLOSED_WHILE_HANDLING);
        else {
          const error = new RunExpiredError(age);
          call.tool?.fail(error);
          call.op.fail(error);
        }
      },
    });
    return { outgoing: this.outgoing, incoming: this.incoming };
  }

  // ---- sending ----

  /** A request starts its client span and goes out with the span's context in `_meta`. */
  beforeSend(message: unknown, view: MessageView, signal: unknown): Outgoing {
    if (view.kind === 'request') return this.startClientCall(message as Record<string, unknown>, view, signal);
    if (view.kind === 'result' || view.kind === 'error') this.endServerCall(view);
    else if (view.kind === 'notification' && view.method === 'notifications/cancelled') {
      const key = requestIdOf(view.params);
      const call = key !== undefined ? this.outgoing?.delete(key) : undefined;
      if (call) this.finishClientCall(call, cancellationFailure(stringParam(view.params, 'reason', 4096)));
    }
    return { message, call: undefined };
  }

  private startClientCall(message: Record<string, unknown>, view: MessageView, signal: unknown): Outgoing {
    const rt = this.options.agentspan();
    const { outgoing } = this.registries(rt);
    const facts = requestFacts(view.method as string, view.id as string | number, view.params);
    const op = new McpClientOp(rt, {
      facts,
      connection: this.attributes(),
      resourceUriInSpanName: this.options.resourceUriInSpanName,
    });
    const key = idKey(facts.id);
    const call: ClientCall = { op, method: facts.method, key };
    if (signal instanceof AbortSignal) this.watchAbort(call, key, signal);
    outgoing.set(key, call);
    const injected = withTraceMeta(message, view.params, op.context, this.options.propagateTurnIds ? op.turnIds : undefined);
    return { message: injected ?? message, call };
  }

  /** A send given an abort signal (the AI SDK's client): an abort ends the call as cancelled or timed out. */
  private watchAbort(call: ClientCall, key: string, signal: AbortSignal): void {
    const onAbort = (): void => {
      if (this.outgoing?.get(key) !== call) return;
      this.outgoing.delete(key);
      call.op.failWith(cancellationFailure(signal.reason));
    };
    if (signal.aborted) return;
    signal.addEventListener('abort', onAbort, { once: true });
    call.release = () => signal.removeEventListener('abort', onAbort);
  }

  /** The transport could not send the request: the caller receives that error, the span records it. */
  sendFailed(call: ClientCall, error: unknown): void {
    if (this.outgoing?.get(call.key) === call) this.outgoing.delete(call.key);
    this.finishClientCall(call, thrownFailure(error));
  }

  private finishClientCall(call: ClientCall, failure: McpFailure | undefined, result?: unknown): void {
    call.release?.();
    const session = this.sessionId();
    if (session) call.op.addFacts({ [ATTR_MCP_SESSION_ID]: session });
    if (failure) call.op.failWith(failure);
    else call.op.end({ result });
  }

  // ---- receiving ----

  /**
   * Handles an incoming message before it is dispatched; returns the context to dispatch a
   * request in (its server span's, or its tool span's), else undefined.
   */
  onReceive(view: MessageView, extra: unknown): Context | undefined {
    switch (view.kind) {
      case 'request':
        return this.startServerCall(view, extra);
      case 'result':
      case 'error':
        this.endClientCall(view);
        return undefined;
      case 'notification':
        if (view.method === 'notifications/cancelled') {
          const key = requestIdOf(view.params);
          const call = key !== undefined ? this.incoming?.delete(key) : undefined;
          if (call) this.failServerCall(call, cancellationFailure(stringParam(view.params, 'reason', 4096)));
        }
        return undefined;
      default:
        return undefined;
    }
  }

  private endClientCall(view: MessageView): void {
    const call = this.outgoing?.delete(idKey(view.id as string | number));
    if (!call) return;
    if (view.kind === 'error') {
      this.finishClientCall(call, responseFailure(view.error ?? { code: undefined, message: undefined }));
      return;
    }
    if (call.method === 'initialize') this.learnVersion(view.result);
    const failure = call.method === 'tools/call' ? toolResultFailure(view.result) : undefined;
    this.finishClientCall(call, failure, view.result);
  }

  private startServerCall(view: MessageView, extra: unknown): Context {
    const rt = this.options.agentspan();
    const { incoming } = this.registries(rt);
    const facts: RequestFacts = requestFacts(view.method as string, view.id as string | number, view.params);
    const ambient = otelContext.active();
    const { parent, remote, ids } = parentFromMeta(view.params, ambient);
    if (facts.method === 'initialize' && this.protocolVersion === undefined) {
      const asked = stringParam(view.params, 'protocolVersion', 64);
      if (asked) this.protocolVersion = asked;
    }
    const op = new McpServerOp(rt, {
      parent,
      facts,
      connection: this.attributes(extra),
      resourceUriInSpanName: this.options.resourceUriInSpanName,
      ...(remote ? { linked: ambient } : {}),
      ...(ids.conversationId !== undefined ? { conversationId: ids.conversationId } : {}),
      ...(ids.userId !== undefined ? { userId: ids.userId } : {}),
    });
    const tool =
      facts.method === 'tools/call' && facts.toolName !== undefined
        ? rt.startTool({
            name: facts.toolName,
            parent: op.context,
            framework: 'mcp',
            ...(rt.content.enabled ? { arguments: toolArguments(facts) } : {}),
          })
        : undefined;
    incoming.set(idKey(facts.id), { op, tool, method: facts.method });
    return (tool ?? op).context;
  }

  /** Our answer to a request we handled: its spans end as the response leaves. */
  private endServerCall(view: MessageView): void {
    const call = this.incoming?.delete(idKey(view.id as string | number));
    if (!call) return;
    if (view.kind === 'error') {
      this.failServerCall(call, responseFailure(view.error ?? { code: undefined, message: undefined }));
      return;
    }
    const result = view.result;
    if (call.method === 'initialize') this.learnVersion(result);
    const failure = call.tool ? toolResultFailure(result) : undefined;
    if (failure) {
      this.failServerCall(call, failure);
      return;
    }
    const ended = { result };
    call.tool?.end(ended);
    call.op.end(ended);
  }

  /** The dispatch of a request threw before any handler ran: its spans end with that error. */
  dispatchFailed(view: MessageView, error: unknown): void {
    const call = this.incoming?.delete(idKey(view.id as string | number));
    if (call) this.failServerCall(call, thrownFailure(error));
  }

  private failServerCall(call: ServerCall, failure: McpFailure): void {
    if (call.tool) {
      if (failure.category === 'cancelled') call.tool.cancel(failure.error);
      else call.tool.fail(failure.error);
    }
    call.op.failWith(failure);
  }

  // ---- closing ----

  /** The connection closed: calls still awaiting a response fail, calls still being handled are cancelled. */
  closed(): void {
    this.closing = true;
    try {
      this.outgoing?.clear();
      this.incoming?.clear();
    } finally {
      this.closing = false;
    }
  }
}
