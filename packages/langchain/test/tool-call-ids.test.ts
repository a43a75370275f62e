// Tool-call ids recovered from the agent's chats, for @langchain/core releases whose
// handleToolStart has no toolCallId (compat/langchain-lowest runs this end to end).
import { describe, expect, it } from 'vitest';
import { RequestedToolCalls } from '../src/tool-call-ids.js';

const calls = (...list: [string, string, Record<string, unknown>][]) =>
  list.map(([id, name, args]) => ({ id, name, args, type: 'tool_call' }));

describe('RequestedToolCalls', () => {
  it('gives a tool run the id of the call with its name and arguments, once', () => {
    const requested = new RequestedToolCalls();
    requested.record(calls(['call_1', 'lookup_order', { orderId: '1' }], ['call_2', 'lookup_order', { orderId: '2' }]));
    expect(requested.claim('lookup_order', '{"orderId":"2"}', undefined)).toBe('call_2');
    expect(requested.claim('lookup_order', '{"orderId":"2"}', undefined)).toBe('call_1');
    expect(requested.claim('lookup_order', '{"orderId":"2"}', undefined)).toBeUndefined();
  });

  it('keeps the id LangChain passed and forgets that call', () => {
    const requested = new RequestedToolCalls();
    requested.record(calls(['call_1', 'search', {}], ['call_2', 'search', {}]));
    expect(requested.claim('search', '{}', 'call_2')).toBe('call_2');
    expect(requested.claim('search', '{}', undefined)).toBe('call_1');
  });

  it('ignores malformed calls and other tools', () => {
    const requested = new RequestedToolCalls();
    requested.record([{ name: 'no_id' }, null, 'x', { id: 'call_9', name: 'other' }]);
    requested.record(undefined);
    expect(requested.claim('no_id', '{}', undefined)).toBeUndefined();
    expect(requested.claim('lookup_order', '{}', undefined)).toBeUndefined();
  });

  it('holds at most 64 unclaimed calls, dropping the oldest', () => {
    const requested = new RequestedToolCalls();
    for (let i = 0; i < 100; i++) requested.record(calls([`call_${i}`, 't', { i }]));
    expect(requested.claim('t', 'no match', undefined)).toBe('call_36');
  });
});
