// Scenario E1 through the Agents SDK's Runner: the prompt version on both chat spans, an
// evaluator and a user's thumbs-down on the turn, identical to every other adapter.
import { describeEvaluationConformance } from '@agentspan/conformance';
import { conformanceAdapter } from '../src/conformance.js';

describeEvaluationConformance(conformanceAdapter);
