// Scenario E1 through a real LangChain createAgent agent: the system prompt rendered from a
// versioned PromptTemplate (its metadata names it) before each model call, an evaluator on
// the finished turn, and the user's thumbs-down recorded minutes later.
import { describeEvaluationConformance } from '@agentspan/conformance';
import { conformanceAdapter } from '../src/conformance.js';

describeEvaluationConformance(conformanceAdapter);
