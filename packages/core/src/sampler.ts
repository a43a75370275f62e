// A head sampler for apps without a collector: the decision is made once, at the root, and
// children follow it (whole traces kept or dropped, never orphaned). Traces rooted in a
// GenAI operation are always kept; other roots are kept at `ratio`, by trace id.
import {
  type Attributes,
  type Context,
  isSpanContextValid,
  type Link,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
  type SpanKind,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { ATTR_GEN_AI_OPERATION_NAME } from '@agentspan/semconv';
import { AgentspanConfigError } from './errors.js';

export interface AgentspanSamplerOptions {
  /** Share of non-GenAI root traces kept, 0 to 1. */
  ratio: number;
}

const KEEP: SamplingResult = { decision: SamplingDecision.RECORD_AND_SAMPLED };
const DROP: SamplingResult = { decision: SamplingDecision.NOT_RECORD };

export class AgentspanSampler implements Sampler {
  private readonly bound: number;

  constructor(private readonly options: AgentspanSamplerOptions) {
    const { ratio } = options ?? {};
    if (typeof ratio !== 'number' || !(ratio >= 0 && ratio <= 1)) {
      throw new AgentspanConfigError(`sampler ratio must be a number from 0 to 1, got ${String(ratio)}`);
    }
    this.bound = Math.floor(ratio * 0xffffffff);
  }

  shouldSample(
    ctx: Context,
    traceId: string,
    _spanName: string,
    _spanKind: SpanKind,
    attributes: Attributes,
    _links: Link[],
  ): SamplingResult {
    const parent = trace.getSpanContext(ctx);
    if (parent && isSpanContextValid(parent)) {
      return (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? KEEP : DROP;
    }
    if (attributes[ATTR_GEN_AI_OPERATION_NAME] !== undefined) return KEEP;
    // The trace id's last 8 hex digits are uniformly random: the same trace, the same answer.
    const draw = Number.parseInt(traceId.slice(-8), 16);
    return draw <= this.bound && this.bound > 0 ? KEEP : DROP;
  }

  toString(): string {
    return `AgentspanSampler{ratio=${this.options.ratio}, GenAI roots always}`;
  }
}
