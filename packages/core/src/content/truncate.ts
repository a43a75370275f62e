// Truncation to a character budget that keeps the result valid JSON: long strings (keys
// too) are shortened first, all to one cap found by bisection, then trailing items are
// dropped; the structure is never cut mid-token, nor a string inside a surrogate pair.
// Every serialisation stops as soon as it is over the budget, so the cost follows the
// budget, not the size of the value.
import { JsonArray, type JsonNode, JsonObject, jsonTree } from './json-tree.js';
import { cutAt } from './redaction-engine.js';

export const MARK = '…';

/** A string as exported at cap: cut there and marked (the redacting version also redacts). */
export type StringAtCap = (text: string, cap: number) => string;

export const capString: StringAtCap = (text, cap) => (text.length > cap ? cutAt(text, cap) + MARK : text);

/** A key seen twice once capped or redacted ("[PHONE]", "[PHONE]") keeps both entries. */
function uniqueKey(key: string, seen: Set<string>): string {
  let unique = key;
  for (let n = 2; seen.has(unique); n++) unique = `${key}#${n}`;
  seen.add(unique);
  return unique;
}

class Writer {
  private readonly parts: string[] = [];
  length = 0;
  constructor(
    private readonly cap: number,
    private readonly atCap: StringAtCap,
    private readonly limit: number,
  ) {}

  private put(text: string): boolean {
    this.parts.push(text);
    this.length += text.length;
    return this.length <= this.limit;
  }

  write(node: JsonNode): boolean {
    if (typeof node === 'string') return this.put(JSON.stringify(this.atCap(node, this.cap)));
    if (node instanceof JsonArray) {
      if (!this.put('[')) return false;
      for (let i = 0; i < node.items.length; i++) {
        if (i > 0 && !this.put(',')) return false;
        if (!this.write(node.items[i] as JsonNode)) return false;
      }
      return this.put(']');
    }
    if (node instanceof JsonObject) {
      if (!this.put('{')) return false;
      // Keys are unique until capping or redaction changes one.
      let seen: Set<string> | undefined;
      for (let i = 0; i < node.keys.length; i++) {
        if (i > 0 && !this.put(',')) return false;
        const original = node.keys[i] as string;
        let key = this.atCap(original, this.cap);
        if (key !== original || seen) {
          seen ??= new Set(node.keys.slice(0, i));
          key = uniqueKey(key, seen);
        }
        if (!this.put(`${JSON.stringify(key)}:`)) return false;
        if (!this.write(node.values[i] as JsonNode)) return false;
      }
      return this.put('}');
    }
    return this.put(node.json);
  }

  text(): string {
    return this.parts.join('');
  }
}

/** The JSON of node with strings at cap, or undefined once it is longer than limit. */
export function serialise(node: JsonNode, cap: number, atCap: StringAtCap, limit = Number.POSITIVE_INFINITY): string | undefined {
  const writer = new Writer(cap, atCap, limit);
  return writer.write(node) ? writer.text() : undefined;
}

function longestString(node: JsonNode): number {
  if (typeof node === 'string') return node.length;
  let max = 0;
  if (node instanceof JsonArray) for (const item of node.items) max = Math.max(max, longestString(item));
  else if (node instanceof JsonObject) {
    for (const key of node.keys) max = Math.max(max, key.length);
    for (const value of node.values) max = Math.max(max, longestString(value));
  }
  return max;
}

/** The first n items (or entries) of a container. */
function firstItems(node: JsonArray | JsonObject, n: number): JsonArray | JsonObject {
  return node instanceof JsonArray ? new JsonArray(node.items.slice(0, n)) : new JsonObject(node.keys.slice(0, n), node.values.slice(0, n));
}

function itemCount(node: JsonArray | JsonObject): number {
  return node instanceof JsonArray ? node.items.length : node.keys.length;
}

/** The largest string cap at which node fits maxLength (-1: not even at cap 0). */
function bestCap(node: JsonNode, maxLength: number): number {
  let lo = 0;
  let hi = Math.min(longestString(node), maxLength);
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (serialise(node, mid, capString, maxLength) !== undefined) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

export interface Fitted {
  node: JsonNode;
  /** The string cap the node fits at (Infinity: nothing was cut). */
  cap: number;
}

/**
 * Node shortened until its JSON fits maxLength: strings first (one cap for all), then
 * trailing items of the outermost array or object. Undefined when nothing fits.
 */
export function fit(node: JsonNode, maxLength: number): Fitted | undefined {
  if (serialise(node, Number.POSITIVE_INFINITY, capString, maxLength) !== undefined) return { node, cap: Number.POSITIVE_INFINITY };
  const cap = bestCap(node, maxLength);
  if (cap >= 0) return { node, cap };
  if (!(node instanceof JsonArray || node instanceof JsonObject)) return undefined;
  // Bisection on how many items are kept, every string at cap 0.
  let lo = 0;
  let hi = itemCount(node) - 1;
  let best: JsonArray | JsonObject | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const head = firstItems(node, mid);
    if (serialise(head, 0, capString, maxLength) !== undefined) {
      best = head;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best && { node: best, cap: bestCap(best, maxLength) };
}

/** The fallback when not even an empty container fits. */
export function tooLong(maxLength: number): string {
  const mark = JSON.stringify(MARK);
  return mark.length <= maxLength ? mark : '""';
}

/** Serialises value as JSON of at most maxLength characters. */
export function truncateJson(value: unknown, maxLength: number): string {
  const tree = jsonTree(value, { budget: maxLength }).node;
  if (tree === undefined) return 'null';
  const fitted = fit(tree, maxLength);
  return fitted ? (serialise(fitted.node, fitted.cap, capString) as string) : tooLong(maxLength);
}

/** A plain string cut to maxLength characters (the last one the mark …), never inside a surrogate pair. */
export function truncateText(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : cutAt(text, Math.max(0, maxLength - 1)) + MARK;
}
