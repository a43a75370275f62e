// The producers the demo runs the turn through. Each is a conformance adapter: the same
// turn the suite checks, written with that framework.
import type { ConformanceAdapter } from '@agentspan/conformance/runner';
import { coreManualAdapter } from '@agentspan/conformance/runner';

export const PRODUCERS: { title: string; adapter: ConformanceAdapter }[] = [
  { title: '@agentspan/core (manual API)', adapter: coreManualAdapter },
];
