// Prompt versions from LangChain: a prompt template's run (runType "prompt") names its prompt
// in its metadata — the attribute names `gen_ai.prompt.name` / `gen_ai.prompt.version` (set
// with `metadata` on the template or `.withConfig`), or LangChain Hub's `lc_hub_repo` /
// `lc_hub_commit_hash` of a pulled prompt — and its inputs are the template's variables.
import { type PromptRef, promptFromMetadata, toPromptRef } from '@agentspan/core';
import { type Bag, isBag, stringOf } from './values.js';

/** The prompt a prompt-template run rendered, if its metadata names one. */
export function promptOfRun(metadata: Bag | undefined, inputs: unknown): PromptRef | undefined {
  const variables = isBag(inputs) ? inputs : undefined;
  const named = promptFromMetadata(metadata, variables);
  if (named) return named;
  const repo = stringOf(metadata?.lc_hub_repo);
  if (!repo) return undefined;
  const owner = stringOf(metadata?.lc_hub_owner);
  return toPromptRef({
    name: owner && owner !== '-' ? `${owner}/${repo}` : repo,
    version: stringOf(metadata?.lc_hub_commit_hash),
    variables,
  });
}

/** A Map that forgets its oldest entries beyond `max` (a parent run whose end never came). */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    super.delete(key);
    super.set(key, value);
    if (this.size > this.max) super.delete(this.keys().next().value as K);
    return this;
  }
}
