// The conformance suite, unchanged, through the AI SDK: generateText / streamText, and a ToolLoopAgent.
import { describeConformance } from '@agentspan/conformance';
import { aiSdkAdapter } from '../src/conformance.js';

describeConformance(aiSdkAdapter('functions'));
describeConformance(aiSdkAdapter('tool-loop-agent'));
