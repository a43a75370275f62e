// Model → price lookup that tolerates provider prefixes, dated snapshots and version
// suffixes, and the cost of one call from normalised usage.
import { AgentspanConfigError } from '../errors.js';
import { warnOnce } from '../safety.js';
import type { ModelPrice, Usage } from '../types.js';

const MAX_CACHED_LOOKUPS = 2048;
const MAX_MODEL_NAME = 256;
const SUFFIXES = [
  /[:@].*$/, // bedrock ":0", vertex "@20240229"
  /-v\d+$/, // bedrock "-v2"
  /-\d{4}-\d{2}-\d{2}$/, // openai "-2024-07-18"
  /-\d{8}$/, // anthropic "-20241022"
  /-(latest|preview|exp)(-.*)?$/,
  /-\d{3,4}$/, // "-0125"
];

function validate(model: string, price: ModelPrice): void {
  for (const key of ['input', 'output', 'cachedInput', 'cacheWrite'] as const) {
    const v = price[key];
    if (v === undefined && (key === 'cachedInput' || key === 'cacheWrite')) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new AgentspanConfigError(
        `price of "${model}": "${key}" must be a finite number >= 0 (USD per 1M tokens), got ${String(v)}`,
      );
    }
  }
}

/** Candidate keys for a model name, most specific first. */
function candidates(model: string): string[] {
  const out = [model];
  let name = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model;
  name = name.replace(/^(models\/)/, '');
  const vendor = /^(anthropic|meta|mistral|cohere|amazon|openai|google|deepseek|us|eu|apac)\./;
  while (vendor.test(name)) name = name.replace(vendor, '');
  out.push(name);
  let stripped = name;
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of SUFFIXES) {
      const next = stripped.replace(re, '');
      if (next !== stripped && next !== '') {
        stripped = next;
        out.push(stripped);
        changed = true;
      }
    }
  }
  return out;
}

export class PriceTable {
  private readonly prices = new Map<string, ModelPrice>();
  private readonly cache = new Map<string, ModelPrice | null>();

  constructor(...tables: (Record<string, ModelPrice> | undefined)[]) {
    for (const table of tables) {
      if (!table) continue;
      if (typeof table !== 'object') throw new AgentspanConfigError('prices must be an object of model → price');
      for (const [model, price] of Object.entries(table)) {
        if (typeof price !== 'object' || price === null) {
          throw new AgentspanConfigError(`price of "${model}" must be an object {input, output, cachedInput?, cacheWrite?}`);
        }
        validate(model, price);
        this.prices.set(model.toLowerCase(), price);
      }
    }
  }

  /** The price of a model, or undefined (one diagnostic per unknown model). */
  lookup(model: string | undefined): ModelPrice | undefined {
    if (!model || typeof model !== 'string') return undefined;
    // No model is named that long: not cached, so a hostile name costs no memory.
    if (model.length > MAX_MODEL_NAME) return undefined;
    const cached = this.cache.get(model);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.find(model.toLowerCase());
    if (this.cache.size >= MAX_CACHED_LOOKUPS) this.cache.clear();
    this.cache.set(model, found ?? null);
    if (!found) warnOnce(`unknown-model:${model}`, `no price for model "${model}": its calls get no cost`);
    return found;
  }

  private find(model: string): ModelPrice | undefined {
    const names = candidates(model);
    for (const name of names) {
      const price = this.prices.get(name);
      if (price) return price;
    }
    // Longest known name that the model extends at a '-' boundary (e.g. "gpt-4o-mini-tts").
    let best: string | undefined;
    for (const name of names) {
      for (const key of this.prices.keys()) {
        if (name.startsWith(`${key}-`) && (!best || key.length > best.length)) best = key;
      }
      if (best) return this.prices.get(best);
    }
    return undefined;
  }
}

/** Cost in USD of one call; undefined when the usage has no token counts. */
export function costOf(usage: Usage | undefined, price: ModelPrice | undefined): number | undefined {
  if (!usage || !price) return undefined;
  const { inputTokens, outputTokens } = usage;
  if (inputTokens === undefined && outputTokens === undefined) return undefined;
  const read = usage.cacheReadInputTokens ?? 0;
  const write = usage.cacheWriteInputTokens ?? 0;
  const uncached = Math.max(0, (inputTokens ?? 0) - read - write);
  const micro =
    uncached * price.input +
    read * (price.cachedInput ?? price.input) +
    write * (price.cacheWrite ?? price.input) +
    (outputTokens ?? 0) * price.output;
  return micro / 1_000_000;
}
