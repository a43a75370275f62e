// Scenario E1 through the AI SDK (generateText and a ToolLoopAgent): the prompt named in the
// call's runtimeContext, an evaluator on the finished turn, the user's thumbs-down after it.
import { describeEvaluationConformance } from '@agentspan/conformance';
import { aiSdkAdapter } from '../src/conformance.js';

describeEvaluationConformance(aiSdkAdapter('functions'));
describeEvaluationConformance(aiSdkAdapter('tool-loop-agent'));
