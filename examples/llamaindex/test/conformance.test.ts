import { describeConformance } from '@agentspan/conformance';
import { conformanceAdapter } from '../src/conformance.js';

describeConformance(conformanceAdapter);
