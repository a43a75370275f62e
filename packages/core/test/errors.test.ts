import { describe, expect, it } from 'vitest';
import { abortError, classifyError, StreamAbandonedError } from '../src/index.js';

class RateLimitError extends Error {
  readonly status = 429;
  constructor() {
    super('Rate limit reached');
    this.name = 'RateLimitError';
  }
}
class Plain extends Error {}

describe('classifyError', () => {
  it('uses the innermost cause name, else its constructor name', () => {
    const inner = new RateLimitError();
    expect(classifyError(new Error('wrapped', { cause: inner }))).toEqual({ type: 'RateLimitError', category: 'rate_limit' });
    expect(classifyError(new Plain('x')).type).toBe('Plain');
    expect(classifyError(new Error('x')).type).toBe('Error');
  });
  it('a guardrail tripwire is a category of its own', () => {
    const tripped = (name: string) => Object.assign(new Error('Input guardrail triggered'), { name });
    expect(classifyError(tripped('InputGuardrailTripwireTriggered'))).toEqual({ type: 'InputGuardrailTripwireTriggered', category: 'guardrail_tripped' });
    expect(classifyError(tripped('ToolOutputGuardrailTripwireTriggered')).category).toBe('guardrail_tripped');
    expect(classifyError(tripped('GuardrailExecutionError')).category).toBe('unknown');
  });
  it('non-Error throws are _OTHER', () => {
    expect(classifyError('boom').type).toBe('_OTHER');
    expect(classifyError(42)).toEqual({ type: '_OTHER', category: 'unknown' });
  });
  it('categories from status codes', () => {
    const e = (status: number, message = 'x') => Object.assign(new Error(message), { status });
    expect(classifyError(e(401)).category).toBe('authentication');
    expect(classifyError(e(404)).category).toBe('not_found');
    expect(classifyError(e(503)).category).toBe('server_error');
    expect(classifyError(e(504)).category).toBe('timeout');
    expect(classifyError(e(400, "This model's maximum context length is 128000 tokens")).category).toBe('context_length_exceeded');
    expect(classifyError(e(400, 'bad request')).category).toBe('unknown');
    expect(classifyError(Object.assign(new Error('x'), { response: { status: 429 } })).category).toBe('rate_limit');
  });
  it('categories from names, codes and messages', () => {
    expect(classifyError(abortError())).toEqual({ type: 'AbortError', category: 'cancelled' });
    expect(classifyError(new DOMException('aborted', 'AbortError')).category).toBe('cancelled');
    expect(classifyError(new StreamAbandonedError(50)).category).toBe('cancelled');
    expect(classifyError(Object.assign(new Error('x'), { code: 'context_length_exceeded' })).category).toBe('context_length_exceeded');
    expect(classifyError(Object.assign(new Error('socket'), { code: 'ETIMEDOUT' })).category).toBe('timeout');
    expect(classifyError(new Error('The response was blocked by the content filter')).category).toBe('content_filter');
    expect(classifyError(new Error('Daily budget exhausted')).category).toBe('budget_exceeded');
  });
  it('survives cyclic causes', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(classifyError(a).type).toBe('Error');
  });
});

describe('retry wrappers', () => {
  it('follows lastError like a cause (AI SDK RetryError)', () => {
    const inner = Object.assign(new Error('Too Many Requests'), { name: 'AI_APICallError', statusCode: 429 });
    const retry = Object.assign(new Error('Failed after 3 attempts'), { name: 'AI_RetryError', lastError: inner, errors: [inner] });
    expect(classifyError(retry)).toEqual({ type: 'AI_APICallError', category: 'rate_limit' });
  });
});
