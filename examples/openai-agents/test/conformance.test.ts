// The conformance suite S1-S6, unchanged, against a real Agents SDK Runner.
import { describeConformance } from '@agentspan/conformance';
import { conformanceAdapter } from '../src/conformance.js';

describeConformance(conformanceAdapter);
