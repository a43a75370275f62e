// Who is being called: provider, request model and request parameters, read from what
// LangChain passes to handleChatModelStart / handleLLMStart (invocation params, the
// `ls_*` metadata every LangChain model reports, the serialized model).
import type { RequestParams } from '@agentspan/core';
import { providerName } from '@agentspan/core';
import type { Serialized } from '@langchain/core/load/serializable';
import { type Bag, firstNumber, firstString, isBag, numberOf, stringsOf } from './values.js';

// Where each value may be, in order of preference.
const KEYS_LS_PROVIDER = ['ls_provider'] as const;
const KEYS_MODEL = ['model', 'model_name', 'modelName', 'model_id', 'modelId'] as const;
const KEYS_LS_MODEL_NAME = ['ls_model_name'] as const;

type NumericParam = Exclude<keyof RequestParams, 'stopSequences'>;

// Invocation-param keys of each numeric request parameter, in order of preference. One
// pass over the (few) invocation params instead of a lookup of every candidate key.
const NUMERIC_PARAM_KEYS: Readonly<Record<NumericParam, readonly string[]>> = {
  maxTokens: ['max_tokens', 'max_completion_tokens', 'maxTokens', 'max_output_tokens', 'maxOutputTokens'],
  temperature: ['temperature'],
  topP: ['top_p', 'topP'],
  topK: ['top_k', 'topK'],
  frequencyPenalty: ['frequency_penalty', 'frequencyPenalty'],
  presencePenalty: ['presence_penalty', 'presencePenalty'],
  seed: ['seed'],
  choiceCount: ['n'],
};
const PARAM_OF_KEY = new Map<string, { param: NumericParam; rank: number }>();
for (const [param, keys] of Object.entries(NUMERIC_PARAM_KEYS) as [NumericParam, readonly string[]][]) {
  for (let rank = 0; rank < keys.length; rank++) PARAM_OF_KEY.set(keys[rank] as string, { param, rank });
}

// The `ls_*` metadata LangChain models report, used when the invocation params lack the value.
const KEYS_LS_MAX_TOKENS = ['ls_max_tokens'] as const;
const KEYS_LS_TEMPERATURE = ['ls_temperature'] as const;

export interface ModelIdentity {
  provider: string;
  requestModel: string | undefined;
  params: RequestParams;
}

export function invocationParams(extraParams: Bag | undefined): Bag | undefined {
  const params = extraParams?.invocation_params;
  return isBag(params) ? params : undefined;
}

/** `inv`: the run's invocation params (see invocationParams). */
export function modelIdentity(llm: Serialized, inv: Bag | undefined, metadata: Bag | undefined): ModelIdentity {
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
  if (inv) {
    let ranks: Partial<Record<NumericParam, number>> | undefined;
    for (const key in inv) {
      const slot = PARAM_OF_KEY.get(key);
      if (slot === undefined) continue;
      const value = numberOf(inv[key]);
      if (value === undefined) continue;
      ranks ??= {};
      const best = ranks[slot.param];
      if (best !== undefined && best < slot.rank) continue;
      ranks[slot.param] = slot.rank;
      params[slot.param] = value;
    }
  }
  if (params.maxTokens === undefined) {
    const maxTokens = firstNumber(metadata, KEYS_LS_MAX_TOKENS);
    if (maxTokens !== undefined) params.maxTokens = maxTokens;
  }
  if (params.temperature === undefined) {
    const temperature = firstNumber(metadata, KEYS_LS_TEMPERATURE);
    if (temperature !== undefined) params.temperature = temperature;
  }
  const stop = stringsOf(inv?.stop ?? inv?.stop_sequences ?? metadata?.ls_stop);
  if (stop && stop.length > 0) params.stopSequences = stop;
  return params;
}
