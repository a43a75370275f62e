// Provider labels as frameworks report them (LangChain's ls_provider, the AI SDK's
// `openai.chat`, class names) → the conventions' gen_ai.provider.name values.
import { ERROR_TYPE_OTHER } from '@agentspan/semconv';

const PROVIDERS: Readonly<Record<string, string>> = {
  openai: 'openai',
  azure: 'azure.ai.openai',
  azure_openai: 'azure.ai.openai',
  azureopenai: 'azure.ai.openai',
  'azure-openai': 'azure.ai.openai',
  azure_ai: 'azure.ai.inference',
  anthropic: 'anthropic',
  bedrock: 'aws.bedrock',
  amazon_bedrock: 'aws.bedrock',
  'amazon-bedrock': 'aws.bedrock',
  bedrock_converse: 'aws.bedrock',
  google: 'gcp.gemini',
  google_genai: 'gcp.gemini',
  googlegenerativeai: 'gcp.gemini',
  gemini: 'gcp.gemini',
  'google.generative-ai': 'gcp.gemini',
  google_vertexai: 'gcp.vertex_ai',
  vertexai: 'gcp.vertex_ai',
  vertex: 'gcp.vertex_ai',
  'google.vertex': 'gcp.vertex_ai',
  'vertex.anthropic': 'gcp.vertex_ai',
  mistral: 'mistral_ai',
  mistralai: 'mistral_ai',
  groq: 'groq',
  cohere: 'cohere',
  deepseek: 'deepseek',
  perplexity: 'perplexity',
  xai: 'x_ai',
  moonshot: 'moonshot_ai',
  moonshotai: 'moonshot_ai',
  watsonx: 'ibm.watsonx.ai',
  ibm: 'ibm.watsonx.ai',
  'ibm-watsonx': 'ibm.watsonx.ai',
  ollama: 'ollama',
};

/** An own entry only ("constructor" is no provider). */
function known(id: string): string | undefined {
  return Object.hasOwn(PROVIDERS, id) ? PROVIDERS[id] : undefined;
}

/**
 * The conventions' provider name for a framework's label: dotted ids are matched from the
 * longest prefix (`google.vertex.chat` → gcp.vertex_ai); an unknown label keeps its first
 * segment, lower-cased; a missing one is `_OTHER`.
 */
export function providerName(label: string | undefined | null): string {
  if (typeof label !== 'string' || label === '' || label.length > 256) return ERROR_TYPE_OTHER;
  const id = label.toLowerCase();
  const direct = known(id);
  if (direct) return direct;
  const parts = id.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const hit = known(parts.slice(0, n).join('.'));
    if (hit) return hit;
  }
  return parts[0] || id;
}
