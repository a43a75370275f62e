// The sampler from OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG (the spec's names); none
// set: the SDK's default, parent-based always-on.
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import { env } from './env.js';
import { warn } from './warn.js';

function ratio(): number {
  const value = env.number('OTEL_TRACES_SAMPLER_ARG');
  if (value === undefined) return 1;
  if (value < 0 || value > 1) {
    warn(`OTEL_TRACES_SAMPLER_ARG=${value} is outside [0, 1]; sampling every trace`);
    return 1;
  }
  return value;
}

export function samplerFromEnv(): Sampler | undefined {
  const name = env.string('OTEL_TRACES_SAMPLER')?.trim();
  switch (name) {
    case undefined:
    case '':
      return undefined;
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio());
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio()) });
    default:
      warn(`OTEL_TRACES_SAMPLER=${name} is not supported here; using the default (parentbased_always_on)`);
      return undefined;
  }
}
