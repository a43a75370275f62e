import type { NormalizedSpan } from '@agentspan/conformance/runner';
import { describe, expect, it } from 'vitest';
import { agentTurn, firstDifference } from '../src/verdict.js';

const span = (name: string, attributes: NormalizedSpan['attributes'] = {}, children: NormalizedSpan[] = []): NormalizedSpan => ({
  name,
  kind: 'INTERNAL',
  status: 'UNSET',
  attributes,
  events: [],
  children,
});
const turn = (tokens: number) => span('invoke_agent a', {}, [span('chat m', { 'gen_ai.usage.input_tokens': tokens })]);

describe('verdict', () => {
  it('finds no difference between equal turns', () => {
    expect(firstDifference(turn(420), turn(420))).toBeUndefined();
  });

  it('names the first differing attribute with its path', () => {
    expect(firstDifference(turn(421), turn(420))).toBe('invoke_agent a › chat m: gen_ai.usage.input_tokens = 421, expected 420');
  });

  it('names missing children', () => {
    expect(firstDifference(span('invoke_agent a'), turn(1))).toBe('invoke_agent a: children [], expected ["chat m"]');
  });

  it('takes the turn under a server span', () => {
    const server: NormalizedSpan = { ...span('POST /chat', {}, [turn(1)]), kind: 'SERVER' };
    expect(agentTurn([server])).toEqual(turn(1));
    expect(agentTurn([turn(1)])).toEqual(turn(1));
  });
});
