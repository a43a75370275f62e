// Scenario E1 over HTTP through the Express example app: the turn's response hands out its
// ids (traceresponse), the user's thumbs-down comes back through POST /feedback.
import { describeEvaluationConformance } from '@agentspan/conformance';
import { conformanceAdapter } from '../src/conformance.js';

describeEvaluationConformance(conformanceAdapter);
