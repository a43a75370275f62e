// Everything the core exports goes through redaction (issue 17, finding 4): message text,
// tool arguments and results, retrieval documents, memory records and queries, exception
// and status messages, JSON numbers and object keys; and redaction reads no more than it
// exports (finding 1): the truncation bound plus the detectors' reach.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Agentspan, AgentspanConfigError, type AgentspanConfig } from '../src/index.js';
import { type Detector, redactWindow } from '../src/content/redaction-engine.js';
import { setupOtel } from './helpers.js';

/** No lone surrogate (what String.prototype.isWellFormed, ES2024, tells). */
function wellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

let otel: ReturnType<typeof setupOtel>;
beforeEach(() => {
  otel = setupOtel();
});
afterEach(() => otel.exporter.reset());

function agentspan(config: AgentspanConfig = {}): Agentspan {
  return new Agentspan({ tracerProvider: otel.tracerProvider, captureContent: true, ...config });
}

function only(): ReadableSpan {
  const spans = otel.exporter.getFinishedSpans();
  expect(spans).toHaveLength(1);
  return spans[0] as ReadableSpan;
}

function json(span: ReadableSpan, key: string): unknown {
  return JSON.parse(String(span.attributes[key]));
}

const PII = 'ID 11010519491231002X, phone +86 138 1234 5678, mail josé@exämple.com, SSN 078-05-1120';
const REDACTED = 'ID [ID], phone [PHONE], mail [EMAIL], SSN [SSN]';

describe('every content path is redacted', () => {
  it('chat messages, system instructions and tool definitions', () => {
    agentspan()
      .startChat({
        provider: 'openai',
        requestModel: 'm',
        inputMessages: [{ role: 'user', parts: [{ type: 'text', content: PII }] }],
        systemInstructions: `escalate to ${PII}`,
      })
      .end({ outputMessages: [{ role: 'assistant', parts: [{ type: 'tool_call', name: 'lookup', arguments: { phone: 13800138000 } }] }] });
    const span = only();
    expect(json(span, 'gen_ai.input.messages')).toEqual([{ role: 'user', parts: [{ type: 'text', content: REDACTED }] }]);
    expect(json(span, 'gen_ai.system_instructions')).toEqual([{ type: 'text', content: `escalate to ${REDACTED}` }]);
    expect(json(span, 'gen_ai.output.messages')).toEqual([
      { role: 'assistant', parts: [{ type: 'tool_call', name: 'lookup', arguments: { phone: '[PHONE]' } }] },
    ]);
  });

  it('tool arguments (a JSON string) and results, JSON numbers and object keys', () => {
    agentspan()
      .startTool({ name: 't', arguments: JSON.stringify({ card: 4111111111111111, note: PII }) })
      .end({
        result: {
          '13800138000': 'first',
          '13900139000': 'second',
          'jane@example.com': { count: 42, big: 12345678901234567890n },
          password: 'hunter2',
          apiKey: 12345678,
        },
      });
    const span = only();
    expect(json(span, 'gen_ai.tool.call.arguments')).toEqual({ card: '[CARD]', note: REDACTED });
    const result = String(span.attributes['gen_ai.tool.call.result']);
    expect(result).toBe(
      '{"[PHONE]":"first","[PHONE]#2":"second","[EMAIL]":{"count":42,"big":12345678901234567890},"password":"[SECRET]","apiKey":"[SECRET]"}',
    );
  });

  it('retrieval query and documents, memory query and records', () => {
    const as = agentspan();
    as.startRetrieval({ dataSourceId: 'kb', query: `who is ${PII}` }).end({
      documents: [{ id: 'doc-1', score: 0.9, content: `contact ${PII}`, metadata: { owner: '138-1234-5678 139-8765-4321' } }],
    });
    as.startMemory({ operation: 'search_memory', storeId: 's', query: 'phone 13800138000' }).end({
      records: [{ id: 'r1', content: { phone: '+447911123456', card: '4111 1111 1111 1111' } }],
    });
    const [retrieval, memory] = otel.exporter.getFinishedSpans();
    expect(retrieval?.attributes['gen_ai.retrieval.query.text']).toBe(`who is ${REDACTED}`);
    expect(json(retrieval as ReadableSpan, 'gen_ai.retrieval.documents')).toEqual([
      { id: 'doc-1', score: 0.9, content: `contact ${REDACTED}`, metadata: { owner: '[PHONE] [PHONE]' } },
    ]);
    expect(memory?.attributes['gen_ai.memory.query.text']).toBe('phone [PHONE]');
    expect(json(memory as ReadableSpan, 'gen_ai.memory.records')).toEqual([{ id: 'r1', content: { phone: '[PHONE]', card: '[CARD]' } }]);
  });

  it('exception and status messages, with capture off too', () => {
    new Agentspan({ tracerProvider: otel.tracerProvider }).startTool({ name: 't' }).fail(new Error(`failed for ${PII}`));
    const span = only();
    expect(span.events[0]?.attributes?.['exception.message']).toBe(`failed for ${REDACTED}`);
    expect(span.status.message).toBe(`failed for ${REDACTED}`);
    expect(String(span.events[0]?.attributes?.['exception.stacktrace'])).not.toMatch(/13800|josé|1120/);
  });
});

describe('hostile values are exported as far as they can be', () => {
  it('cycles, BigInt, toJSON, throwing getters, revoked proxies, deep nesting', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    let deep: unknown = 'bottom';
    for (let i = 0; i < 200; i++) deep = [deep];
    const getter = Object.defineProperty({ ok: 1 }, 'bad', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    agentspan()
      .startTool({ name: 't' })
      .end({ result: { cyclic, n: 7n, when: new Date(0), getter, proxy, deep, fn: () => 1, nan: Number.NaN } });
    const result = json(only(), 'gen_ai.tool.call.result') as Record<string, unknown>;
    expect(result.cyclic).toEqual({ name: 'loop', self: '[Circular]' });
    expect(result.n).toBe(7);
    expect(result.when).toBe('1970-01-01T00:00:00.000Z');
    expect(result.getter).toEqual({ ok: 1, bad: '[Unreadable]' });
    expect(result.proxy).toBe('[Unreadable]');
    expect(JSON.stringify(result.deep)).toContain('[Depth]');
    expect('fn' in result).toBe(false);
    expect(result.nan).toBeNull();
  });
});

describe('redaction reads what it exports, no more (finding 1)', { timeout: 60_000 }, () => {
  const reads: number[] = [];
  const hook = (text: string): string => {
    reads.push(text.length);
    return text;
  };
  beforeEach(() => {
    reads.length = 0;
  });
  const total = (): number => reads.reduce((a, b) => a + b, 0);

  it('a 1 MB exception message with capture off', () => {
    new Agentspan({ tracerProvider: otel.tracerProvider, contentMaxLength: 1000, redaction: { hook } })
      .startTool({ name: 't' })
      .fail(new Error('a'.repeat(1_000_000)));
    expect(Math.max(...reads)).toBeLessThanOrEqual(1000);
    const span = only();
    expect(String(span.events[0]?.attributes?.['exception.message']).length).toBeLessThanOrEqual(1000);
    expect(span.status.message?.length).toBeLessThanOrEqual(1000);
  });

  it('a 1 MB message and 10,000 long strings in a tool result', () => {
    const as = agentspan({ contentMaxLength: 2000, redaction: { hook } });
    as.startChat({ provider: 'p', requestModel: 'm', inputMessages: [{ role: 'user', parts: [{ type: 'text', content: 'b'.repeat(1_000_000) }] }] }).end();
    expect(total()).toBeLessThanOrEqual(2000);
    reads.length = 0;
    as.startTool({ name: 't' }).end({ result: Array.from({ length: 10_000 }, (_, i) => `${i} ${'c'.repeat(1000)}`) });
    expect(total()).toBeLessThanOrEqual(2000);
    for (const span of otel.exporter.getFinishedSpans()) {
      for (const value of Object.values(span.attributes)) if (typeof value === 'string') expect(value.length).toBeLessThanOrEqual(2000);
    }
  });

  it('the engine scans at most the limit plus the longest reach', () => {
    const scanned: number[] = [];
    const spy: Detector = { name: 'spy', reach: 100, scan: (text) => void scanned.push(text.length) };
    redactWindow([spy], 100, 'x'.repeat(1_000_000), 5000);
    expect(scanned).toEqual([5100]);
  });

  it('a PII item cut by the limit is still found whole', () => {
    const text = `${'x'.repeat(990)} +86 138 1234 5678 ${'y'.repeat(5000)}`;
    const as = agentspan({ contentMaxLength: 1000 });
    as.startRetrieval({ query: text }).end();
    const query = String(only().attributes['gen_ai.retrieval.query.text']);
    expect(query).not.toMatch(/\+86|138/);
    expect(query.length).toBeLessThanOrEqual(1000);
    expect(query.endsWith('…')).toBe(true);
  });
});

describe('truncation never splits a surrogate pair (finding 6)', () => {
  it('text and JSON', () => {
    const as = agentspan({ contentMaxLength: 16 });
    for (let pad = 0; pad < 4; pad++) {
      const text = `${'x'.repeat(pad)}${'😀'.repeat(20)}`;
      as.startRetrieval({ query: text }).end();
      as.startTool({ name: 't', arguments: { text } }).end();
    }
    for (const span of otel.exporter.getFinishedSpans()) {
      for (const value of Object.values(span.attributes)) {
        if (typeof value !== 'string') continue;
        expect(wellFormed(value), value).toBe(true);
        // JSON escapes a lone surrogate ("\ud83d"): look at what a reader gets back too.
        if (value.startsWith('{')) expect(wellFormed(JSON.parse(value).text), value).toBe(true);
      }
    }
  });
});

describe('user rules (redaction.rules)', { timeout: 60_000 }, () => {
  it('apply with the built-in detectors, to content and messages', () => {
    const as = agentspan({ redaction: { rules: [{ name: 'order id', pattern: /ORD-\d{6}/, marker: '[ORDER]' }] } });
    as.startTool({ name: 't', arguments: 'ORD-123456 for 13800138000' }).fail(new Error('ORD-654321 failed'));
    const span = only();
    expect(span.attributes['gen_ai.tool.call.arguments']).toBe('"[ORDER] for [PHONE]"');
    expect(span.status.message).toBe('[ORDER] failed');
  });
  it('a pattern that can backtrack super-linearly is refused at start-up, naming the rule', () => {
    const config = (pattern: RegExp): AgentspanConfig => ({ redaction: { rules: [{ name: 'ticket', pattern }] } });
    expect(() => agentspan(config(/(a+)+b/))).toThrow(AgentspanConfigError);
    expect(() => agentspan(config(/(a+)+b/))).toThrow(/redaction rule "ticket".*exponential/);
    expect(() => agentspan(config(/\d+x/))).toThrow(/redaction rule "ticket".*polynomial/);
    expect(() => agentspan(config(/x*/))).toThrow(/matches the empty string/);
  });
  it('bad shapes and unknown keys fail with a clear message', () => {
    expect(() => agentspan({ redaction: { rules: [{ name: '', pattern: /x/ }] } })).toThrow(/rules\[0\]\.name/);
    expect(() => agentspan({ redaction: { rules: [{ name: 'a', pattern: 'x' as never }] } })).toThrow(/"a": pattern must be a RegExp/);
    expect(() => agentspan({ redaction: { rules: [{ name: 'a', pattern: /x/, maxLen: 3 } as never] } })).toThrow(/rule "a": unknown option "maxLen"/);
    expect(() => agentspan({ redaction: { bultIn: false } as never })).toThrow(/redaction: unknown option "bultIn"; did you mean "builtIn"/);
    expect(() => agentspan({ redaction: { builtIn: 'no' as never } })).toThrow(/redaction.builtIn must be a boolean/);
  });
});
