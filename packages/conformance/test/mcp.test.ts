// The MCP additions to the suite: MCP spans are kept by the normaliser wherever they sit
// (a wrapped client span no longer folds the server's spans away), the S1-over-MCP tree,
// and spans of another process read back from its span file as they were.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { JsonLinesSpanExporter, SpanFile, expectedMcpToolCall, normalizeTrace } from '../src/runner.js';
import { handMadeTrace } from './support/hand-made-spans.js';

const ids = { conversationId: 'conv-42', userId: 'user-7' };
const turn = { 'gen_ai.conversation.id': 'conv-42', 'user.id': 'user-7' };
const call = { ...turn, 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'lookup_order', 'network.transport': 'pipe', 'jsonrpc.request.id': '3' };

function mcpTrace() {
  return handMadeTrace({
    name: 'execute_tool lookup_order',
    attributes: { ...turn, 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.type': 'function' },
    start: 0,
    end: 10,
    children: [
      {
        name: 'tools/call lookup_order',
        kind: SpanKind.CLIENT,
        attributes: call,
        start: 1,
        end: 9,
        children: [
          {
            name: 'POST',
            kind: SpanKind.CLIENT,
            start: 1,
            end: 8,
            children: [
              {
                name: 'tools/call lookup_order',
                kind: SpanKind.SERVER,
                attributes: call,
                start: 2,
                end: 7,
                children: [
                  {
                    name: 'execute_tool lookup_order',
                    attributes: { ...turn, 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'lookup_order', 'gen_ai.tool.type': 'function' },
                    start: 3,
                    end: 6,
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  });
}

describe('MCP spans in the normalised tree', () => {
  it('keeps client and server spans (HTTP spans between them folded), compares their MCP keys only', () => {
    const { roots } = normalizeTrace(mcpTrace());
    expect(roots[0]?.children).toEqual([expectedMcpToolCall(ids, 'stdio')]);
  });

  it('an MCP client span that claims to be the tool span is told apart by gen_ai.operation.name', () => {
    const spans = handMadeTrace({
      name: 'tools/call lookup_order',
      kind: SpanKind.CLIENT,
      attributes: { ...call, 'gen_ai.operation.name': 'execute_tool' },
      start: 0,
      end: 1,
    });
    const [root] = normalizeTrace(spans).roots;
    expect(root?.attributes['gen_ai.operation.name']).toBe('execute_tool');
    expect(root).not.toEqual(expectedMcpToolCall(ids, 'stdio'));
  });
});

describe('span files', () => {
  it('round-trips the spans of another process; reset() skips what was there', async () => {
    const file = new SpanFile(join(mkdtempSync(join(tmpdir(), 'span-file-')), 'spans.jsonl'));
    const exporter = new JsonLinesSpanExporter(file.path);
    const spans = mcpTrace();
    await new Promise<void>((done) => exporter.export(spans.slice(0, 2), () => done()));
    file.reset();
    await new Promise<void>((done) => exporter.export(spans.slice(2), () => done()));
    const read = file.read();
    expect(read.map((s) => s.name)).toEqual(spans.slice(2).map((s) => s.name));
    const [original, copy] = [spans[2]!, read[0]!];
    expect(copy.spanContext().spanId).toBe(original.spanContext().spanId);
    expect(copy.parentSpanContext?.spanId).toBe(original.parentSpanContext?.spanId);
    expect([copy.kind, copy.startTime, copy.endTime, copy.attributes]).toEqual([original.kind, original.startTime, original.endTime, original.attributes]);
  });
});
