// What MCP client and server spans share on top of the core's operation: an end from a
// JSON-RPC result, a failure recorded with the conventions' error.type and the core's
// category, and the session id or protocol version learnt after the span started.
import type { Attributes, SpanKind } from '@opentelemetry/api';
import { BaseOperation, type OperationStart, type Runtime } from '@agentspan/core';
import {
  ATTR_AGENTSPAN_ERROR_CATEGORY,
  ATTR_ERROR_TYPE,
  ATTR_RPC_RESPONSE_STATUS_CODE,
  type ErrorCategory,
} from '@agentspan/semconv';
import type { McpFailure } from './errors.js';

export interface McpResult {
  /** The JSON-RPC result. */
  result: unknown;
}

export abstract class McpOperation extends BaseOperation<McpResult> {
  private failure: McpFailure | undefined;

  constructor(rt: Runtime, name: string, kind: SpanKind.CLIENT | SpanKind.SERVER, start: OperationStart, attributes: Attributes) {
    super(rt, name, kind, start, attributes);
  }

  /** Ends with the failure's error; its error.type and category replace the generic classification. */
  failWith(failure: McpFailure): void {
    if (this.ended) return;
    this.failure = failure;
    if (failure.category === 'cancelled') this.cancel(failure.error);
    else this.fail(failure.error);
  }

  /** Attributes learnt late (the session id an HTTP server assigns in its first response). */
  addFacts(attributes: Attributes): void {
    this.setAttributes(attributes);
  }

  protected override onError(_error: unknown, _type: string, _category: ErrorCategory): void {
    const failure = this.failure;
    if (!failure) return; // failed by an ancestor: the core's classification of its error stands
    this.span.setAttribute(ATTR_ERROR_TYPE, failure.errorType);
    this.span.setAttribute(ATTR_AGENTSPAN_ERROR_CATEGORY, failure.category);
    if (failure.code !== undefined) this.span.setAttribute(ATTR_RPC_RESPONSE_STATUS_CODE, String(failure.code));
  }

  /** The error.type the metrics see: the MCP one when this call's own failure ended it. */
  protected errorTypeOf(coreType: string | undefined): string | undefined {
    return coreType === undefined ? undefined : (this.failure?.errorType ?? coreType);
  }
}
