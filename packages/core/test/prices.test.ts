import { describe, expect, it } from 'vitest';
import { AgentspanConfigError, BUILTIN_PRICES, costOf, PriceTable } from '../src/index.js';

describe('PriceTable', () => {
  const table = new PriceTable(BUILTIN_PRICES, { 'my-model': { input: 1, output: 2 } });
  it('matches dated snapshots, provider prefixes and versions', () => {
    const mini = BUILTIN_PRICES['gpt-4o-mini'];
    expect(table.lookup('gpt-4o-mini')).toBe(mini);
    expect(table.lookup('gpt-4o-mini-2024-07-18')).toBe(mini);
    expect(table.lookup('openai/gpt-4o-mini')).toBe(mini);
    expect(table.lookup('gpt-4o-2024-08-06')).toBe(BUILTIN_PRICES['gpt-4o']);
    expect(table.lookup('claude-3-5-sonnet-20241022')).toBe(BUILTIN_PRICES['claude-3-5-sonnet']);
    expect(table.lookup('anthropic.claude-3-5-sonnet-20241022-v2:0')).toBe(BUILTIN_PRICES['claude-3-5-sonnet']);
    expect(table.lookup('models/gemini-2.5-flash')).toBe(BUILTIN_PRICES['gemini-2.5-flash']);
    expect(table.lookup('MY-MODEL')).toEqual({ input: 1, output: 2 });
  });
  it('does not confuse a model with a longer one', () => {
    expect(table.lookup('gpt-4o')).toBe(BUILTIN_PRICES['gpt-4o']);
    expect(table.lookup('gpt-4o-mini-tts')).toBe(BUILTIN_PRICES['gpt-4o-mini']);
  });
  it('unknown models get no price', () => {
    expect(table.lookup('nobody-knows-7b')).toBeUndefined();
    expect(table.lookup(undefined)).toBeUndefined();
  });
  it('overrides replace built-in entries', () => {
    const t = new PriceTable(BUILTIN_PRICES, { 'gpt-4o-mini': { input: 9, output: 9 } });
    expect(t.lookup('gpt-4o-mini-2024-07-18')).toEqual({ input: 9, output: 9 });
  });
  it('rejects malformed entries with a clear message', () => {
    expect(() => new PriceTable({ x: { input: -1, output: 1 } })).toThrow(AgentspanConfigError);
    expect(() => new PriceTable({ x: { input: 1 } as never })).toThrow(/"output" must be a finite number/);
    expect(() => new PriceTable({ x: null as never })).toThrow(/must be an object/);
  });
});

describe('costOf', () => {
  const price = { input: 0.15, cachedInput: 0.075, output: 0.6 };
  it('prices cached input apart and reasoning once (part of output)', () => {
    expect(costOf({ inputTokens: 420, cacheReadInputTokens: 128, outputTokens: 24 }, price)).toBeCloseTo(0.0000678, 12);
    expect(costOf({ inputTokens: 512, outputTokens: 64, reasoningOutputTokens: 16 }, price)).toBeCloseTo(0.0001152, 12);
  });
  it('cache writes use their own price, else the input price', () => {
    expect(costOf({ inputTokens: 100, cacheWriteInputTokens: 100, outputTokens: 0 }, { input: 1, cacheWrite: 2, output: 1 })).toBeCloseTo(0.0002, 12);
    expect(costOf({ inputTokens: 100, cacheWriteInputTokens: 100 }, { input: 1, output: 1 })).toBeCloseTo(0.0001, 12);
  });
  it('no usage or no price → undefined, never 0', () => {
    expect(costOf(undefined, price)).toBeUndefined();
    expect(costOf({ cacheReadInputTokens: 3 }, price)).toBeUndefined();
    expect(costOf({ inputTokens: 3 }, undefined)).toBeUndefined();
  });
});
