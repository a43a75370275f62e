// Which provider an LLM or embedding model of LlamaIndex talks to. LlamaIndex's LLM
// metadata carries the model but no provider, so the provider comes from the user's
// resolver, else from the class (walking up the prototype chain, so subclasses of a
// provider's class count), else from the class name itself.

/** LlamaIndex provider packages' class names → gen_ai.provider.name. */
const BY_CLASS: Readonly<Record<string, string>> = {
  OpenAI: 'openai',
  OpenAIResponses: 'openai',
  OpenAIEmbedding: 'openai',
  AzureOpenAI: 'azure.ai.openai',
  AzureOpenAIEmbedding: 'azure.ai.openai',
  Anthropic: 'anthropic',
  Ollama: 'ollama',
  OllamaEmbedding: 'ollama',
  Gemini: 'gcp.gemini',
  GeminiEmbedding: 'gcp.gemini',
  GoogleStudio: 'gcp.gemini',
  VertexGemini: 'gcp.vertex_ai',
  Groq: 'groq',
  MistralAI: 'mistral_ai',
  MistralAIEmbedding: 'mistral_ai',
  DeepSeekLLM: 'deepseek',
  Bedrock: 'aws.bedrock',
  Perplexity: 'perplexity',
  XAILLM: 'x_ai',
  CohereEmbedding: 'cohere',
  MoonshotLLM: 'moonshot_ai',
};

export type ProviderResolver = (model: object) => string | undefined;

/** Class-derived names, per prototype (a class's answer never changes). */
const byPrototype = new WeakMap<object, string>();

export function resolveProvider(model: object, custom: ProviderResolver | undefined): string {
  if (custom) {
    const chosen = custom(model);
    if (typeof chosen === 'string' && chosen !== '') return chosen;
  }
  const proto: unknown = Object.getPrototypeOf(model);
  if (typeof proto !== 'object' || proto === null) return 'llamaindex';
  let name = byPrototype.get(proto);
  if (name === undefined) {
    name = fromClass(proto);
    byPrototype.set(proto, name);
  }
  return name;
}

function fromClass(first: object): string {
  let ownName: string | undefined;
  for (let proto: object | null = first; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const name = (proto as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name !== 'string' || name === '') continue;
    ownName ??= name;
    const known = Object.hasOwn(BY_CLASS, name) ? BY_CLASS[name] : undefined;
    if (known) return known;
  }
  return ownName ? ownName.toLowerCase() : 'llamaindex';
}
