// Any value, read the way JSON.stringify reads it (toJSON, undefined skipped, BigInt as its
// digits), into a tree the truncation can serialise at any string cap. The walk stops once
// even the tree's smallest serialisation is over the budget, so a huge array or object
// costs what can be exported, not what was passed in. Cycles, depth, and getters or Proxies
// that throw become short markers instead of failing the whole value.

/** A number, boolean or null, as its JSON text. */
export class JsonLiteral {
  constructor(readonly json: string) {}
}
export class JsonArray {
  constructor(readonly items: JsonNode[]) {}
}
export class JsonObject {
  constructor(
    readonly keys: string[],
    readonly values: JsonNode[],
  ) {}
}
/** Strings stay as they are: capping and redaction happen when the tree is serialised. */
export type JsonNode = string | JsonLiteral | JsonArray | JsonObject;

export const NULL = new JsonLiteral('null');
const TRUE = new JsonLiteral('true');
const FALSE = new JsonLiteral('false');
const MAX_DEPTH = 64;
export const CIRCULAR = '[Circular]';
export const TOO_DEEP = '[Depth]';
export const UNREADABLE = '[Unreadable]';

export interface TreeOptions {
  /** Stop once the smallest serialisation (every string empty) exceeds this many characters. */
  budget: number;
  /** A large integer's digits, redacted (a card or phone kept as a number); undefined keeps it. */
  redactDigits?: (digits: string) => string;
  /** The replacement of a string or number stored under this key, when the key names a secret. */
  secretValue?: (key: string) => string | undefined;
}

class Walk {
  used = 0;
  /** Characters of the strings and keys read: with `used`, a lower bound of the JSON's length. */
  chars = 0;
  full = false;
  private readonly path: object[] = [];
  constructor(private readonly options: TreeOptions) {}

  private spend(n: number): void {
    this.used += n;
    if (this.used > this.options.budget) this.full = true;
  }

  private digits(text: string): JsonNode {
    const redact = this.options.redactDigits;
    const redacted = redact && text.replace(/^-/, '').length >= 7 ? redact(text) : text;
    return redacted === text ? new JsonLiteral(text) : redacted;
  }

  node(value: unknown, inArray: boolean, useToJson = true): JsonNode | undefined {
    switch (typeof value) {
      case 'string':
        this.chars += value.length;
        return value;
      case 'number':
        return Number.isFinite(value) ? (Number.isInteger(value) ? this.digits(String(value)) : new JsonLiteral(String(value))) : NULL;
      case 'boolean':
        return value ? TRUE : FALSE;
      case 'bigint':
        return this.digits(value.toString());
      case 'object':
        return value === null ? NULL : this.object(value, useToJson);
      default:
        // undefined, functions, symbols: skipped in objects, null in arrays (as JSON.stringify does)
        return inArray ? NULL : undefined;
    }
  }

  private object(value: object, useToJson: boolean): JsonNode | undefined {
    try {
      const toJson = useToJson ? (value as { toJSON?: unknown }).toJSON : undefined;
      if (typeof toJson === 'function') return this.node(toJson.call(value, ''), false, false);
      if (value instanceof String || value instanceof Number || value instanceof Boolean || value instanceof BigInt) {
        return this.node(value.valueOf(), false, false);
      }
      if (this.path.includes(value)) return CIRCULAR;
      if (this.path.length >= MAX_DEPTH) return TOO_DEEP;
      this.path.push(value);
      try {
        return Array.isArray(value) ? this.array(value) : this.entries(value);
      } finally {
        this.path.pop();
      }
    } catch {
      return UNREADABLE;
    }
  }

  private array(value: readonly unknown[]): JsonArray {
    const items: JsonNode[] = [];
    this.spend(2);
    for (let i = 0; i < value.length && !this.full; i++) {
      let item: JsonNode;
      try {
        item = this.node(value[i], true) ?? NULL;
      } catch {
        item = UNREADABLE;
      }
      items.push(item);
      this.spend(minimalSize(item) + 1);
    }
    return new JsonArray(items);
  }

  private entries(value: object): JsonObject {
    const keys: string[] = [];
    const values: JsonNode[] = [];
    this.spend(2);
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(value)) {
      if (this.full) break;
      let item: JsonNode | undefined;
      try {
        const v = record[key];
        const secret = typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' ? this.options.secretValue?.(key) : undefined;
        item = secret ?? this.node(v, false);
      } catch {
        item = UNREADABLE;
      }
      if (item === undefined) continue;
      this.chars += key.length;
      keys.push(key);
      values.push(item);
      this.spend(minimalSize(item) + 4);
    }
    return new JsonObject(keys, values);
  }
}

/** Characters of the node's serialisation with every string capped to nothing. */
function minimalSize(node: JsonNode): number {
  if (typeof node === 'string') return 2;
  if (node instanceof JsonLiteral) return node.json.length;
  return 0; // containers: counted by the walk as they are filled
}

export interface Tree {
  /** Undefined where JSON.stringify gives undefined (a function, a symbol, undefined). */
  node: JsonNode | undefined;
  /** No serialisation of the whole tree is shorter than this. */
  minLength: number;
}

export function jsonTree(value: unknown, options: TreeOptions): Tree {
  const walk = new Walk(options);
  const node = walk.node(value, false);
  return { node, minLength: walk.used + walk.chars };
}

/** The tree with every string (keys too) passed through fn. */
export function mapStrings(node: JsonNode, fn: (text: string) => string): JsonNode {
  if (typeof node === 'string') return fn(node);
  if (node instanceof JsonArray) return new JsonArray(node.items.map((item) => mapStrings(item, fn)));
  if (node instanceof JsonObject) return new JsonObject(node.keys.map(fn), node.values.map((v) => mapStrings(v, fn)));
  return node;
}
