// The core's own manual API must produce the canonical tree: it runs the suite unchanged.
import { describeConformance } from '../src/suite.js';
import { coreManualAdapter } from '../src/reference/core-manual-adapter.js';

describeConformance(coreManualAdapter);
