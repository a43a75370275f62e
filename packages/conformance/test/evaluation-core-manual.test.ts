// Scenario E1 through the core's manual API (the reference every adapter is held to).
import { describeEvaluationConformance } from '../src/evaluation/suite.js';
import { coreManualAdapter } from '../src/reference/core-manual-adapter.js';

describeEvaluationConformance(coreManualAdapter);
