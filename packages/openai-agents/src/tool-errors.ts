// The SDK catches a tool's exception itself and hands the model a message (a tool's
// `errorFunction`); its span records only "Error running tool", never the exception. A tool
// whose errorFunction is toolErrorFunction() hands agentspan the exception first, so the
// execute_tool span carries its class (error.type) and one exception event.
import { reportInternal } from '@agentspan/core';
import { context as otelContext } from '@opentelemetry/api';
import { scopeOf } from './run-context.js';
import { isRecord, text } from './sdk.js';

/** The SDK's own default message to the model for a failed tool. */
const SDK_DEFAULT_MESSAGE = 'An error occurred while running the tool. Please try again.';

/** A tool's errorFunction: (run context, the tool's exception, the call's details) → the message for the model. */
export type ToolErrorFormatter = (context: unknown, error: unknown, details?: unknown) => string | Promise<string>;

function callIdOf(details: unknown): string | undefined {
  const toolCall = isRecord(details) ? details.toolCall : undefined;
  return isRecord(toolCall) ? (text(toolCall.callId) ?? text(toolCall.id)) : undefined;
}

/**
 * An errorFunction for `tool({ ..., errorFunction: toolErrorFunction() })`: records the
 * exception on the tool's execute_tool span, then answers the model as `format` does (by
 * default the SDK's own message, so the model sees what it saw before).
 */
export function toolErrorFunction(format?: ToolErrorFormatter): ToolErrorFormatter {
  return (context: unknown, error: unknown, details?: unknown) => {
    try {
      scopeOf(otelContext.active())?.recordToolError(callIdOf(details), error);
    } catch (e) {
      reportInternal('openai-agents: tool error', e);
    }
    return format ? format(context, error, details) : SDK_DEFAULT_MESSAGE;
  };
}
