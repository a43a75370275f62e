import { describeConformance } from '@agentspan/conformance';
import { createLlamaIndexAdapter } from './support/conformance-adapter.js';

describeConformance(createLlamaIndexAdapter());
