// Reads the response model, id, usage and finish reasons out of a raw provider response
// or stream chunk (OpenAI Chat Completions and Responses, Anthropic Messages, Ollama,
// Gemini), accumulating across chunks: for adapters that see only the raw payload.

type Bag = Record<string, unknown>;

export interface ProviderResponseFacts {
  responseModel?: string;
  responseId?: string;
  /** Usage keys merged across chunks (Anthropic sends input and output in different events). */
  usage?: Bag;
  finishReasons?: string[];
}

function isBag(value: unknown): value is Bag {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function withReason(reasons: string[] | undefined, reason: string | undefined): string[] | undefined {
  if (!reason) return reasons;
  if (!reasons) return [reason];
  reasons.push(reason);
  return reasons;
}

/** Adds what `raw` carries to `facts` (later values win) and returns it. */
export function readProviderResponse(raw: unknown, facts: ProviderResponseFacts = {}): ProviderResponseFacts {
  if (!isBag(raw)) return facts;
  // Wrapped payloads: Anthropic's message_start, OpenAI Responses' response.* events.
  if (isBag(raw.message) && (raw.type === 'message_start' || text(raw.message.model))) readProviderResponse(raw.message, facts);
  if (isBag(raw.response) && typeof raw.type === 'string') readProviderResponse(raw.response, facts);

  const model = text(raw.model) ?? text(raw.modelVersion);
  if (model) facts.responseModel = model;
  const id = text(raw.id) ?? text(raw.responseId);
  if (id) facts.responseId = id;

  const usage = isBag(raw.usage) ? raw.usage : isBag(raw.usageMetadata) ? raw.usageMetadata : undefined;
  if (usage) facts.usage = { ...facts.usage, ...usage };
  // Named reads (a keyed read per name is a megamorphic lookup).
  if (typeof raw.prompt_eval_count === 'number') facts.usage = { ...facts.usage, prompt_eval_count: raw.prompt_eval_count };
  if (typeof raw.eval_count === 'number') facts.usage = { ...facts.usage, eval_count: raw.eval_count };

  // The array is made only when a chunk carries a reason (most stream chunks carry none).
  let reasons: string[] | undefined;
  if (Array.isArray(raw.choices)) {
    for (const choice of raw.choices) {
      const reason = isBag(choice) ? text(choice.finish_reason) : undefined;
      reasons = withReason(reasons, reason);
    }
  }
  if (Array.isArray(raw.candidates)) {
    for (const candidate of raw.candidates) {
      const reason = isBag(candidate) ? text(candidate.finishReason) : undefined;
      reasons = withReason(reasons, reason);
    }
  }
  const single = text(raw.stop_reason) ?? text(raw.done_reason) ?? (isBag(raw.delta) ? text(raw.delta.stop_reason) : undefined);
  reasons = withReason(reasons, single);
  if (reasons) facts.finishReasons = reasons;
  return facts;
}
