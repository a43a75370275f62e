// The one place that picks which producer runs the S1 turns for the Prometheus tests:
// the core's manual API (the reference producer). Any other conformance adapter fits here.
import { type ConformanceAdapter, coreManualAdapter } from '@agentspan/conformance/runner';

export const PRODUCER: ConformanceAdapter = coreManualAdapter;
