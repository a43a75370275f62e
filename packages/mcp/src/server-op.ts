// The MCP server span: one handled request, from its arrival to the response sent, parented
// to the caller's span from `params._meta` (the ambient context, e.g. the HTTP request's
// span, is linked), carrying the turn ids the caller propagated. A tools/call runs its
// handler under an execute_tool span below it (made by the core: everything the tool does
// nests there).
import { type Attributes, type Context, SpanKind, trace } from '@opentelemetry/api';
import type { OperationStart, Runtime } from '@agentspan/core';
import { type RequestFacts, callAttributes, callSpanName } from './call-attributes.js';
import { McpOperation, type McpResult } from './mcp-operation.js';

export interface McpServerStart extends OperationStart {
  facts: RequestFacts;
  connection: Attributes;
  resourceUriInSpanName: boolean;
  /** The context the request arrived in, linked when the caller's context is the parent. */
  linked?: Context;
}

export class McpServerOp extends McpOperation {
  readonly kind = 'mcp_server';

  constructor(rt: Runtime, o: McpServerStart) {
    super(rt, callSpanName(o.facts, o.resourceUriInSpanName), SpanKind.SERVER, o, callAttributes(o.facts, o.connection));
    const ambient = o.linked ? trace.getSpanContext(o.linked) : undefined;
    if (ambient && trace.isSpanContextValid(ambient)) this.span.addLink({ context: ambient });
  }

  protected onEnd(_result: McpResult | undefined): void {}
  protected onFinish(): void {}
}
