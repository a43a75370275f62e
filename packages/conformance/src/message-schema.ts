// Validation of captured content against the GenAI message schema:
// [{role, parts, name?}], parts text{content} / tool_call{id?, name, arguments?} /
// tool_call_response{id?, response} / reasoning{content} / blob / file / uri.

const ROLES = new Set(['system', 'user', 'assistant', 'tool']);
const OPAQUE_PARTS = new Set(['blob', 'file', 'uri', 'generic']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problems with one part; none when it is valid. */
export function validatePart(part: unknown, where: string): string[] {
  if (!isRecord(part)) return [`${where}: a part is not an object`];
  const optionalId =
    part.id === undefined || typeof part.id === 'string' ? [] : [`${where}: part id is not a string`];
  switch (part.type) {
    case 'text':
    case 'reasoning':
      return typeof part.content === 'string' ? [] : [`${where}: ${part.type} part without string content`];
    case 'tool_call':
      return typeof part.name === 'string' ? optionalId : [...optionalId, `${where}: tool_call part without name`];
    case 'tool_call_response':
      return 'response' in part ? optionalId : [...optionalId, `${where}: tool_call_response part without response`];
    default:
      return typeof part.type === 'string' && OPAQUE_PARTS.has(part.type)
        ? []
        : [`${where}: unknown part type ${JSON.stringify(part.type)}`];
  }
}

/** Problems with a list of parts (system instructions). */
export function validateParts(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) return [`${where}: not an array of parts`];
  return value.flatMap((part, index) => validatePart(part, `${where}[${index}]`));
}

/** Problems with a list of messages (input or output messages). */
export function validateMessages(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) return [`${where}: not an array of messages`];
  return value.flatMap((message, index) => {
    const at = `${where}[${index}]`;
    if (!isRecord(message)) return [`${at}: a message is not an object`];
    const problems: string[] = [];
    if (typeof message.role !== 'string' || !ROLES.has(message.role)) {
      problems.push(`${at}: role ${JSON.stringify(message.role)} is not system/user/assistant/tool`);
    }
    if (message.name !== undefined && typeof message.name !== 'string') {
      problems.push(`${at}: name is not a string`);
    }
    problems.push(...validateParts(message.parts, `${at}.parts`));
    return problems;
  });
}

/** The parts of the messages of a given role (invalid shapes yield nothing). */
export function partsOf(messages: unknown, role?: string): Record<string, unknown>[] {
  if (!Array.isArray(messages)) return [];
  return messages.flatMap((message) =>
    isRecord(message) && (role === undefined || message.role === role) && Array.isArray(message.parts)
      ? message.parts.filter(isRecord)
      : [],
  );
}
