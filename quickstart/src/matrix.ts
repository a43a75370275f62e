// The versions the quick starts run against. `newest`: the README's install command as a
// user runs it today (npm picks the newest of everything). `lowest`: the same, with the
// lowest OpenTelemetry the packages support pinned beside it — the list the @agentspan/node
// README gives for applications on @opentelemetry/api 1.9 — at the bottom of the ranges,
// and LlamaIndex at the bottom of its range (the other frameworks' lowest versions run in
// compat/).
export interface Matrix {
  readonly name: 'newest' | 'lowest';
  /** Extra `npm install` arguments, by README (`*`: every README). */
  readonly pins: Readonly<Record<string, readonly string[]>>;
}

export const LOWEST_OTEL = [
  '@opentelemetry/api@1.9.0',
  '@opentelemetry/sdk-trace@2.12.0',
  '@opentelemetry/sdk-metrics@2.12.0',
  '@opentelemetry/context-async-hooks@2.12.0',
  '@opentelemetry/core@2.12.0',
  '@opentelemetry/resources@2.12.0',
  '@opentelemetry/exporter-trace-otlp-proto@0.223.0',
  '@opentelemetry/exporter-trace-otlp-http@0.223.0',
  '@opentelemetry/exporter-metrics-otlp-proto@0.223.0',
  '@opentelemetry/exporter-metrics-otlp-http@0.223.0',
];

export const MATRICES: readonly Matrix[] = [
  { name: 'newest', pins: {} },
  {
    name: 'lowest',
    pins: {
      '*': LOWEST_OTEL,
      'packages/llamaindex/README.md': ['@llamaindex/core@0.6.22', '@llamaindex/workflow@1.1.24', '@llamaindex/env@0.1.30'],
    },
  },
];

export function pinsFor(matrix: Matrix, readme: string): string[] {
  return [...(matrix.pins['*'] ?? []), ...(matrix.pins[readme] ?? [])];
}
