// Renders one trace as an indented tree with the figures a reader looks for first:
// tokens, cost, time to first chunk, status.
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { type SpanNode, spanTrees } from '@agentspan/conformance';

export interface RenderOptions {
  /** Shorter figures for narrow columns: `420→24 $0.0000678 ttft 3ms`, no cached/reasoning split. */
  compact?: boolean;
}

function tokens(a: ReadableSpan['attributes'], compact: boolean): string | undefined {
  const input = a['gen_ai.usage.input_tokens'] ?? a['agentspan.usage.input_tokens'];
  const output = a['gen_ai.usage.output_tokens'] ?? a['agentspan.usage.output_tokens'];
  if (input === undefined && output === undefined) return undefined;
  if (compact) return `${input ?? '?'}→${output ?? '?'}`;
  const cached = a['gen_ai.usage.cache_read.input_tokens'];
  const reasoning = a['gen_ai.usage.reasoning.output_tokens'];
  return `${input ?? '?'}${cached ? ` (${cached} cached)` : ''} → ${output ?? '?'}${reasoning ? ` (${reasoning} reasoning)` : ''} tokens`;
}

function figures(span: ReadableSpan, compact: boolean): string {
  const a = span.attributes;
  const parts: string[] = [];
  const usage = tokens(a, compact);
  if (usage) parts.push(usage);
  if (a['mcp.method.name'] !== undefined) {
    parts.push(`MCP ${span.kind === SpanKind.SERVER ? 'server' : 'client'}${a['network.transport'] ? ` (${a['network.transport']})` : ''}`);
  }
  const count = (n: unknown, word: string, short: string) => (compact ? `${n} ${short}` : `${n} ${word}${n === 1 ? '' : 's'}`);
  if (a['gen_ai.memory.record.count'] !== undefined) parts.push(count(a['gen_ai.memory.record.count'], 'record', 'rec'));
  if (a['agentspan.retrieval.document.count'] !== undefined)
    parts.push(count(a['agentspan.retrieval.document.count'], 'document', 'docs'));
  if (typeof a['agentspan.cost.usd'] === 'number') parts.push(`$${a['agentspan.cost.usd'].toFixed(7)}`);
  if (typeof a['gen_ai.response.time_to_first_chunk'] === 'number')
    parts.push(`ttft ${(a['gen_ai.response.time_to_first_chunk'] * 1000).toFixed(compact ? 0 : 1)}ms`);
  if (span.status.code === SpanStatusCode.ERROR) parts.push(`ERROR ${a['agentspan.error.category'] ?? ''}`);
  return parts.join(' ');
}

/** Lines of the GenAI spans of one trace (other spans are skipped, their children kept). */
export function renderTree(spans: readonly ReadableSpan[], options: RenderOptions = {}): string[] {
  const lines: string[] = [];
  const walk = (nodes: readonly SpanNode[], top: boolean, prefix: string) => {
    for (const [i, { span, children }] of nodes.entries()) {
      const last = i === nodes.length - 1;
      const kept =
        span.attributes['gen_ai.operation.name'] !== undefined ||
        span.attributes['mcp.method.name'] !== undefined ||
        span.kind === SpanKind.SERVER;
      if (!kept) {
        walk(children, false, prefix);
        continue;
      }
      const branch = top ? '' : last ? '└─ ' : '├─ ';
      lines.push(`${prefix}${branch}${span.name}  ${figures(span, options.compact ?? false)}`.trimEnd());
      walk(children, false, top ? '' : prefix + (last ? '   ' : '│  '));
    }
  };
  walk(spanTrees(spans), true, '');
  return lines;
}

export interface Column {
  title: string;
  lines: string[];
}

const GAP = '   ';

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** One band of columns side by side, each padded to its widest line. */
function band(columns: Column[], width: number): string[] {
  const widths = columns.map((c) => Math.min(width, Math.max(c.title.length, ...c.lines.map((l) => l.length))));
  const rows = Math.max(...columns.map((c) => c.lines.length));
  const cell = (text: string, i: number) => clip(text, widths[i]!).padEnd(widths[i]!);
  const out = [columns.map((c, i) => cell(c.title, i)).join(GAP).trimEnd()];
  out.push(widths.map((w) => '─'.repeat(w)).join(GAP));
  for (let r = 0; r < rows; r++) out.push(columns.map((c, i) => cell(c.lines[r] ?? '', i)).join(GAP).trimEnd());
  return out;
}

/**
 * Columns side by side within `width` characters: as few bands (rows of columns) as fit,
 * lines clipped with … only when one column alone is wider than `width`.
 */
export function sideBySide(columns: Column[], width = 160): string {
  if (columns.length === 0) return '';
  const natural = columns.map((c) => Math.max(c.title.length, ...c.lines.map((l) => l.length)));
  let perBand = columns.length;
  const fits = (n: number) => {
    for (let i = 0; i < columns.length; i += n) {
      const slice = natural.slice(i, i + n);
      if (slice.reduce((a, b) => a + b, 0) + GAP.length * (slice.length - 1) > width) return false;
    }
    return true;
  };
  while (perBand > 1 && !fits(perBand)) perBand--;
  // Only a single column wider than the terminal is clipped.
  const limit = fits(perBand) ? Number.POSITIVE_INFINITY : width;
  const bands: string[] = [];
  for (let i = 0; i < columns.length; i += perBand) bands.push(band(columns.slice(i, i + perBand), limit).join('\n'));
  return bands.join('\n\n');
}
