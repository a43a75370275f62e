import { describe, expect, it } from 'vitest';
import * as S from '../src/index.js';

describe('span-name rules', () => {
  it('names spans as the conventions say', () => {
    expect(S.inferenceSpanName('chat', 'gpt-4o-mini')).toBe('chat gpt-4o-mini');
    expect(S.inferenceSpanName('embeddings', undefined)).toBe('embeddings');
    expect(S.agentSpanName('invoke_agent', 'support-agent')).toBe('invoke_agent support-agent');
    expect(S.toolSpanName('lookup_order')).toBe('execute_tool lookup_order');
    expect(S.retrievalSpanName('kb-policies')).toBe('retrieval kb-policies');
    expect(S.memorySpanName('upsert_memory')).toBe('upsert_memory');
    expect(S.rerankSpanName('rerank-v3')).toBe('rerank rerank-v3');
  });
});

describe('names', () => {
  const values = (prefix: string) =>
    Object.entries(S)
      .filter(([k]) => k.startsWith(prefix))
      .map(([, v]) => v as string);
  it('attribute keys are unique and namespaced', () => {
    const keys = values('ATTR_');
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toMatch(/^(gen_ai|agentspan|error|user|server|http|url|exception)\./);
  });
  it('metric names follow the newest conventions, legacy apart', () => {
    const names = values('METRIC_');
    expect(names).toContain('gen_ai.client.inference.duration');
    expect(names).toContain('gen_ai.client.token.usage');
    expect(new Set(names).size).toBe(names.length);
  });
  it('content attributes are the opt-in ones only', () => {
    expect(S.CONTENT_ATTRIBUTES).toHaveLength(10);
    expect(S.CONTENT_ATTRIBUTES).not.toContain(S.ATTR_GEN_AI_REQUEST_MODEL);
  });
  it('duration buckets ascend', () => {
    const b = S.DURATION_BUCKETS;
    expect([...b].sort((x, y) => x - y)).toEqual([...b]);
    expect(b[0]).toBe(0.01);
  });
});

describe('the conventions followed', () => {
  it('names a full commit of the GenAI conventions repository', () => {
    expect(S.GENAI_CONVENTIONS_REPOSITORY).toBe('open-telemetry/semantic-conventions-genai');
    expect(S.GENAI_CONVENTIONS_COMMIT).toMatch(/^[0-9a-f]{40}$/);
  });
  it('the invocation operations and their span names', () => {
    expect(S.INVOCATION_OPERATIONS).toEqual(['invoke_agent', 'invoke_workflow', 'handle_conversation_turn']);
    expect(S.agentSpanName('handle_conversation_turn', 'triage')).toBe('handle_conversation_turn triage');
    expect(S.agentSpanName('invoke_workflow', undefined)).toBe('invoke_workflow');
  });
  it('OTEL_SEMCONV_STABILITY_OPT_IN asks for the replaced names with a /dup entry only', () => {
    expect(S.semconvOptInWantsDup(undefined)).toBe(false);
    expect(S.semconvOptInWantsDup('gen_ai_latest_experimental')).toBe(false);
    expect(S.semconvOptInWantsDup('http/dup')).toBe(false);
    expect(S.semconvOptInWantsDup('http, gen_ai_latest_experimental/dup')).toBe(true);
    expect(S.semconvOptInWantsDup(' GEN_AI/DUP ')).toBe(true);
  });
});
