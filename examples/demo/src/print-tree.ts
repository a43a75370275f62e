// Renders one trace as an indented tree with the figures a reader looks for first:
// tokens, cost, time to first chunk, status.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

function figures(span: ReadableSpan): string {
  const a = span.attributes;
  const parts: string[] = [];
  const input = a['gen_ai.usage.input_tokens'] ?? a['agentspan.usage.input_tokens'];
  const output = a['gen_ai.usage.output_tokens'] ?? a['agentspan.usage.output_tokens'];
  if (input !== undefined || output !== undefined) {
    const cached = a['gen_ai.usage.cache_read.input_tokens'];
    const reasoning = a['gen_ai.usage.reasoning.output_tokens'];
    parts.push(`${input ?? '?'}${cached ? ` (${cached} cached)` : ''} → ${output ?? '?'}${reasoning ? ` (${reasoning} reasoning)` : ''} tokens`);
  }
  const plural = (n: unknown, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (a['gen_ai.memory.record.count'] !== undefined) parts.push(plural(a['gen_ai.memory.record.count'], 'record'));
  if (a['agentspan.retrieval.document.count'] !== undefined) parts.push(plural(a['agentspan.retrieval.document.count'], 'document'));
  if (typeof a['agentspan.cost.usd'] === 'number') parts.push(`$${a['agentspan.cost.usd'].toFixed(7)}`);
  if (typeof a['gen_ai.response.time_to_first_chunk'] === 'number')
    parts.push(`ttft ${(a['gen_ai.response.time_to_first_chunk'] * 1000).toFixed(1)}ms`);
  if (span.status.code === SpanStatusCode.ERROR) parts.push(`ERROR ${a['agentspan.error.category'] ?? ''}`);
  return parts.join(' ');
}

function start(span: ReadableSpan): number {
  return span.startTime[0] * 1e9 + span.startTime[1];
}

/** Lines of the GenAI spans of one trace (other spans are skipped, their children kept). */
export function renderTree(spans: readonly ReadableSpan[]): string[] {
  const byParent = new Map<string | undefined, ReadableSpan[]>();
  const ids = new Set(spans.map((s) => s.spanContext().spanId));
  for (const span of spans) {
    const parent = span.parentSpanContext?.spanId;
    const key = parent && ids.has(parent) ? parent : undefined;
    byParent.set(key, [...(byParent.get(key) ?? []), span]);
  }
  const lines: string[] = [];
  const walk = (parent: string | undefined, prefix: string) => {
    const children = (byParent.get(parent) ?? []).sort((x, y) => start(x) - start(y));
    for (const [i, span] of children.entries()) {
      const last = i === children.length - 1;
      const kept = span.attributes['gen_ai.operation.name'] !== undefined || span.kind === SpanKind.SERVER;
      if (!kept) {
        walk(span.spanContext().spanId, prefix);
        continue;
      }
      const branch = parent === undefined ? '' : last ? '└─ ' : '├─ ';
      lines.push(`${prefix}${branch}${span.name}  ${figures(span)}`.trimEnd());
      walk(span.spanContext().spanId, parent === undefined ? '' : prefix + (last ? '   ' : '│  '));
    }
  };
  walk(undefined, '');
  return lines;
}

/** Columns side by side, each padded to its widest line. */
export function sideBySide(columns: { title: string; lines: string[] }[]): string {
  const widths = columns.map((c) => Math.max(c.title.length, ...c.lines.map((l) => l.length)));
  const rows = Math.max(...columns.map((c) => c.lines.length));
  const out = [columns.map((c, i) => c.title.padEnd(widths[i]!)).join('   ')];
  out.push(widths.map((w) => '─'.repeat(w)).join('   '));
  for (let r = 0; r < rows; r++) out.push(columns.map((c, i) => (c.lines[r] ?? '').padEnd(widths[i]!)).join('   ').trimEnd());
  return out.join('\n');
}
