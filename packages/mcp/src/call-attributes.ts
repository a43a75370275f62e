// The attributes of one MCP request, client side and server side alike: method, request id,
// target (tool or prompt), resource URI, and what is known of the connection.
import type { Attributes } from '@opentelemetry/api';
import * as S from '@agentspan/semconv';
import { type RequestId, rawParam, stringParam } from './messages.js';

/** What a request says about itself, read once from its params. */
export interface RequestFacts {
  method: string;
  id: RequestId;
  toolName: string | undefined;
  promptName: string | undefined;
  resourceUri: string | undefined;
  /** tools/call arguments, read only when content is captured. */
  params: Record<string, unknown> | undefined;
}

export function requestFacts(method: string, id: RequestId, params: Record<string, unknown> | undefined): RequestFacts {
  return {
    method,
    id,
    toolName: method === 'tools/call' ? stringParam(params, 'name') : undefined,
    promptName: method === 'prompts/get' ? stringParam(params, 'name') : undefined,
    resourceUri: method.startsWith('resources/') ? stringParam(params, 'uri', 2048) : undefined,
    params,
  };
}

/** `tools/call` arguments, for content capture (resolved only when capture is on). */
export function toolArguments(facts: RequestFacts): () => unknown {
  return () => rawParam(facts.params, 'arguments');
}

/** The span name: `{method} {tool or prompt}`; the resource URI only when the user opted in. */
export function callSpanName(facts: RequestFacts, uriInName: boolean): string {
  return S.mcpSpanName(facts.method, facts.toolName ?? facts.promptName ?? (uriInName ? facts.resourceUri : undefined));
}

/** The request's own attributes added to `attributes` (the connection's, a fresh object the span then owns). */
export function callAttributes(facts: RequestFacts, attributes: Attributes): Attributes {
  attributes[S.ATTR_MCP_METHOD_NAME] = facts.method;
  attributes[S.ATTR_JSONRPC_REQUEST_ID] = String(facts.id);
  if (facts.toolName !== undefined) attributes[S.ATTR_GEN_AI_TOOL_NAME] = facts.toolName;
  if (facts.promptName !== undefined) attributes[S.ATTR_GEN_AI_PROMPT_NAME] = facts.promptName;
  if (facts.resourceUri !== undefined) attributes[S.ATTR_MCP_RESOURCE_URI] = facts.resourceUri;
  return attributes;
}
