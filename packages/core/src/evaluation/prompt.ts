// Prompt versions on chat spans: the prompt's name and version always; its variables as
// gen_ai.prompt.variable.<key> only while content capture is on, each redacted and
// truncated like any captured value. And reading a prompt out of framework metadata.
import type { Attributes } from '@opentelemetry/api';
import { ATTR_GEN_AI_PROMPT_NAME, ATTR_GEN_AI_PROMPT_VERSION, promptVariableAttribute } from '@agentspan/semconv';
import type { ContentCapture } from '../content/capture.js';
import { reportInternal, warnOnce } from '../safety.js';
import type { PromptIdentity, PromptRef } from './types.js';

const MAX_NAME = 256;
/** Variables beyond this many are left out: an attribute per key must stay bounded. */
export const MAX_PROMPT_VARIABLES = 32;
const VARIABLE_KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** The metadata keys a framework run or template carries a prompt under (the attribute names). */
export const PROMPT_NAME_KEY = ATTR_GEN_AI_PROMPT_NAME;
export const PROMPT_VERSION_KEY = ATTR_GEN_AI_PROMPT_VERSION;

function shortString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' && value.length <= MAX_NAME ? value : undefined;
}

/**
 * A PromptRef from a value of the application's, or undefined (reported) when it is not one:
 * a non-empty name; a string or number version; a variables object or function. Never throws.
 */
export function toPromptRef(value: unknown): PromptRef | undefined {
  try {
    return readPromptRef(value);
  } catch (error) {
    reportInternal('prompt: read', error);
    return undefined;
  }
}

function readPromptRef(value: unknown): PromptRef | undefined {
  if (value === undefined || value === null) return undefined;
  const v = value as Partial<Record<keyof PromptRef, unknown>>;
  const name = typeof value === 'object' ? shortString(v.name) : undefined;
  if (name === undefined) {
    warnOnce('prompt: no name', 'a prompt needs a non-empty name of at most 256 characters; it is left out');
    return undefined;
  }
  const version = shortString(v.version);
  const variables = v.variables;
  const ref: PromptRef = { name };
  if (version !== undefined) ref.version = version;
  if (typeof variables === 'function' || (typeof variables === 'object' && variables !== null)) {
    ref.variables = variables as PromptRef['variables'];
  }
  return ref;
}

/**
 * The prompt named in framework metadata under the attribute names
 * (`gen_ai.prompt.name`, `gen_ai.prompt.version`), with the variables given; undefined when
 * the metadata names none. One keyed read when it does not.
 */
export function promptFromMetadata(
  metadata: Readonly<Record<string, unknown>> | undefined,
  variables?: PromptRef['variables'],
): PromptRef | undefined {
  const name = metadata?.[PROMPT_NAME_KEY];
  if (name === undefined) return undefined;
  return toPromptRef({ name, version: metadata?.[PROMPT_VERSION_KEY], variables });
}

/** Name and version only (what metrics and finished turns carry). */
export function promptIdentity(prompt: PromptRef): PromptIdentity {
  return prompt.version === undefined ? { name: prompt.name } : { name: prompt.name, version: prompt.version };
}

function variableText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  try {
    return typeof value === 'bigint' ? value.toString() : JSON.stringify(value);
  } catch {
    return undefined;
  }
}

/** The prompt's attributes for a chat span. Never throws. */
export function addPromptAttributes(attributes: Attributes, prompt: PromptRef, content: ContentCapture): void {
  attributes[ATTR_GEN_AI_PROMPT_NAME] = prompt.name;
  if (prompt.version !== undefined) attributes[ATTR_GEN_AI_PROMPT_VERSION] = prompt.version;
  if (!content.enabled || prompt.variables === undefined) return;
  try {
    const resolved = typeof prompt.variables === 'function' ? prompt.variables() : prompt.variables;
    if (typeof resolved !== 'object' || resolved === null) return;
    let written = 0;
    for (const key of Object.keys(resolved)) {
      if (!VARIABLE_KEY.test(key)) continue;
      if (written === MAX_PROMPT_VARIABLES) {
        warnOnce('prompt: variables', `a prompt has more than ${MAX_PROMPT_VARIABLES} variables; the rest are left out`);
        break;
      }
      const text = variableText(resolved[key]);
      if (text === undefined) continue;
      content.text(attributes, promptVariableAttribute(key), text);
      written++;
    }
  } catch (error) {
    reportInternal('prompt: variables', error);
  }
}
