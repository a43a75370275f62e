// What every operation needs from its Agentspan instance.
import type { Tracer } from '@opentelemetry/api';
import type { ResolvedConfig } from './config.js';
import type { ContentCapture } from './content/capture.js';
import type { Evaluations } from './evaluation/evaluations.js';
import type { Metrics } from './metrics.js';
import type { PriceTable } from './prices/price-table.js';

export interface Runtime {
  readonly tracer: Tracer;
  readonly config: ResolvedConfig;
  readonly content: ContentCapture;
  readonly metrics: Metrics;
  readonly prices: PriceTable;
  readonly evaluations: Evaluations;
}
