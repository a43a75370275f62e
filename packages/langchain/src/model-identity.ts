// Who is being called: provider, request model and request parameters, read from what
// LangChain passes to handleChatModelStart / handleLLMStart (invocation params, the
// `ls_*` metadata every LangChain model reports, the serialized model).
import type { RequestParams } from '@agentspan/core';
import { providerName } from '@agentspan/core';
import type { Serialized } from '@langchain/core/load/serializable';
import { type Bag, isBag, numberOf, stringOf, stringsOf } from './values.js';

// The request model, from the invocation params' keys in order of preference, one named
// read per key (a loop of keyed reads is a megamorphic lookup per read; this runs per call).
function modelOf(inv: Bag | undefined): string | undefined {
  if (!inv) return undefined;
  return (
    stringOf(inv.model) ?? stringOf(inv.model_name) ?? stringOf(inv.modelName) ?? stringOf(inv.model_id) ?? stringOf(inv.modelId)
  );
}

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
  const label = stringOf(metadata?.ls_provider) ?? classLabel(llm);
  return {
    provider: label ? providerName(label) : 'unknown',
    requestModel: modelOf(inv) ?? stringOf(metadata?.ls_model_name),
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
  // The `ls_*` metadata LangChain models report, used when the invocation params lack the value.
  if (params.maxTokens === undefined) {
    const maxTokens = numberOf(metadata?.ls_max_tokens);
    if (maxTokens !== undefined) params.maxTokens = maxTokens;
  }
  if (params.temperature === undefined) {
    const temperature = numberOf(metadata?.ls_temperature);
    if (temperature !== undefined) params.temperature = temperature;
  }
  const stop = stringsOf(inv?.stop ?? inv?.stop_sequences ?? metadata?.ls_stop);
  if (stop && stop.length > 0) params.stopSequences = stop;
  return params;
}
