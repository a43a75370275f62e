// The conformance suite (S1–S6) over HTTP through the Express example app.
import { describeConformance } from '@agentspan/conformance';
import { conformanceAdapter } from '../src/conformance.js';

describeConformance(conformanceAdapter);
