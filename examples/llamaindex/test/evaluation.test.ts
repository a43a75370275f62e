// Scenario E1 through a real LlamaIndex agent(): its system prompt formatted from a versioned
// PromptTemplate, an evaluator on the finished turn, the user's thumbs-down after it.
import { describeEvaluationConformance } from '@agentspan/conformance';
import { createLlamaIndexAdapter } from '../src/conformance.js';

describeEvaluationConformance(createLlamaIndexAdapter());
