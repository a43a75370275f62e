// Who is being called: provider, request model and request parameters, read from what
// LangChain passes to handleChatModelStart / handleLLMStart (invocation params, the
// `ls_*` metadata every LangChain model reports, the serialized model).
import type { RequestParams } from '@agentspan/core';
import { providerName } from '@agentspan/core';
import type { Serialized } from '@langchain/core/load/serializable';
import { type Bag, firstNumber, firstString, isBag, stringsOf } from './values.js';

// Where each value may be, in order of preference.
const KEYS_LS_PROVIDER = ['ls_provider'] as const;
const KEYS_MODEL = ['model', 'model_name', 'modelName', 'model_id', 'modelId'] as const;
const KEYS_LS_MODEL_NAME = ['ls_model_name'] as const;
const KEYS_MAX_TOKENS = ['max_tokens', 'max_completion_tokens', 'maxTokens', 'max_output_tokens', 'maxOutputTokens'] as const;
const KEYS_LS_MAX_TOKENS = ['ls_max_tokens'] as const;
const KEYS_TEMPERATURE = ['temperature'] as const;
const KEYS_LS_TEMPERATURE = ['ls_temperature'] as const;
const KEYS_TOP_P = ['top_p', 'topP'] as const;
const KEYS_TOP_K = ['top_k', 'topK'] as const;
const KEYS_FREQUENCY_PENALTY = ['frequency_penalty', 'frequencyPenalty'] as const;
const KEYS_PRESENCE_PENALTY = ['presence_penalty', 'presencePenalty'] as const;
const KEYS_SEED = ['seed'] as const;
const KEYS_N = ['n'] as const;

export interface ModelIdentity {
  provider: string;
  requestModel: string | undefined;
  params: RequestParams;
}

export function invocationParams(extraParams: Bag | undefined): Bag | undefined {
  const params = extraParams?.invocation_params;
  return isBag(params) ? params : undefined;
}

export function modelIdentity(llm: Serialized, extraParams: Bag | undefined, metadata: Bag | undefined): ModelIdentity {
  const inv = invocationParams(extraParams);
  const label = firstString(metadata, KEYS_LS_PROVIDER) ?? classLabel(llm);
  return {
    provider: label ? providerName(label) : 'unknown',
    requestModel: firstString(inv, KEYS_MODEL) ?? firstString(metadata, KEYS_LS_MODEL_NAME),
    params: requestParams(inv, metadata),
  };
}

// ChatOpenAI -> openai: LangChain's own default for ls_provider, when a model omits it.
function classLabel(llm: Serialized): string | undefined {
  const name = llm?.id?.[llm.id.length - 1];
  if (typeof name !== 'string') return undefined;
  return name.replace(/^Chat/, '') || undefined;
}

function requestParams(inv: Bag | undefined, metadata: Bag | undefined): RequestParams {
  const params: RequestParams = {};
  const maxTokens =
    firstNumber(inv, KEYS_MAX_TOKENS) ??
    firstNumber(metadata, KEYS_LS_MAX_TOKENS);
  if (maxTokens !== undefined) params.maxTokens = maxTokens;
  const temperature = firstNumber(inv, KEYS_TEMPERATURE) ?? firstNumber(metadata, KEYS_LS_TEMPERATURE);
  if (temperature !== undefined) params.temperature = temperature;
  const topP = firstNumber(inv, KEYS_TOP_P);
  if (topP !== undefined) params.topP = topP;
  const topK = firstNumber(inv, KEYS_TOP_K);
  if (topK !== undefined) params.topK = topK;
  const frequencyPenalty = firstNumber(inv, KEYS_FREQUENCY_PENALTY);
  if (frequencyPenalty !== undefined) params.frequencyPenalty = frequencyPenalty;
  const presencePenalty = firstNumber(inv, KEYS_PRESENCE_PENALTY);
  if (presencePenalty !== undefined) params.presencePenalty = presencePenalty;
  const seed = firstNumber(inv, KEYS_SEED);
  if (seed !== undefined) params.seed = seed;
  const n = firstNumber(inv, KEYS_N);
  if (n !== undefined) params.choiceCount = n;
  const stop = stringsOf(inv?.stop ?? inv?.stop_sequences ?? metadata?.ls_stop);
  if (stop && stop.length > 0) params.stopSequences = stop;
  return params;
}
